#pragma once
// placeholder until tlog's core lands
