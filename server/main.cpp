#include "server/cli/cli.h"

int main(int argc, char **argv)
{
    return lemm::server::runCli(argc, argv);
}
