<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>lemm::app::ApiClient</name>
    <message>
        <location filename="../app/api_client.cpp" line="42"/>
        <source>Cannot reach the server at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/api_client.cpp" line="50"/>
        <source>The server answered %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lemm::app::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="17"/>
        <source>LEMM Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="20"/>
        <location filename="../app/main_window.cpp" line="48"/>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="22"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="23"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="25"/>
        <source>Log &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="29"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="31"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="32"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="38"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="67"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lemm::ui::AccountView</name>
    <message>
        <location filename="../ui/account_view.cpp" line="20"/>
        <source>Contribution terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="32"/>
        <source>%1 &lt;%2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="35"/>
        <source>Roles: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="37"/>
        <source>E-mail address verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="38"/>
        <source>E-mail address not verified yet: use the token from the verification mail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="40"/>
        <source>You have not yet affirmed the contribution terms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="42"/>
        <source>You affirmed terms version %1; the current version is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="44"/>
        <source>You affirmed the current contribution terms (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lemm::ui::LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.cpp" line="14"/>
        <source>Log in to LEMM Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="20"/>
        <source>you@example.org</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="31"/>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="32"/>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="33"/>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="36"/>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="30"/>
        <source>LEMM Vault desktop client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="33"/>
        <source>Server URL to connect to.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
