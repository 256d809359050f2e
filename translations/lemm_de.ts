<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>lemm::app::ApiClient</name>
    <message>
        <location filename="../app/api_client.cpp" line="42"/>
        <source>Cannot reach the server at %1: %2</source>
        <translation>Der Server unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../app/api_client.cpp" line="50"/>
        <source>The server answered %1.</source>
        <translation>Der Server antwortete mit %1.</translation>
    </message>
</context>
<context>
    <name>lemm::app::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="17"/>
        <source>LEMM Vault</source>
        <translation>LEMM Vault</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="20"/>
        <location filename="../app/main_window.cpp" line="48"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="22"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="23"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="25"/>
        <source>Log &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="29"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="31"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="32"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="38"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../app/main_window.cpp" line="67"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>lemm::ui::AccountView</name>
    <message>
        <location filename="../ui/account_view.cpp" line="20"/>
        <source>Contribution terms</source>
        <translation>Beitragsbedingungen</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="32"/>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="35"/>
        <source>Roles: %1</source>
        <translation>Rollen: %1</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="37"/>
        <source>E-mail address verified.</source>
        <translation>E-Mail-Adresse bestätigt.</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="38"/>
        <source>E-mail address not verified yet: use the token from the verification mail.</source>
        <translation>E-Mail-Adresse noch nicht bestätigt: Verwenden Sie das Token aus der Bestätigungsmail.</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="40"/>
        <source>You have not yet affirmed the contribution terms.</source>
        <translation>Sie haben die Beitragsbedingungen noch nicht bestätigt.</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="42"/>
        <source>You affirmed terms version %1; the current version is %2.</source>
        <translation>Sie haben Version %1 der Bedingungen bestätigt; aktuell ist Version %2.</translation>
    </message>
    <message>
        <location filename="../ui/account_view.cpp" line="44"/>
        <source>You affirmed the current contribution terms (%1).</source>
        <translation>Sie haben die aktuellen Beitragsbedingungen bestätigt (%1).</translation>
    </message>
</context>
<context>
    <name>lemm::ui::LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.cpp" line="14"/>
        <source>Log in to LEMM Vault</source>
        <translation>Bei LEMM Vault anmelden</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="20"/>
        <source>you@example.org</source>
        <translation>sie@example.org</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="31"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="32"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="33"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.cpp" line="36"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="30"/>
        <source>LEMM Vault desktop client.</source>
        <translation>LEMM-Vault-Desktop-Client.</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="33"/>
        <source>Server URL to connect to.</source>
        <translation>Server-URL, mit der verbunden wird.</translation>
    </message>
</context>
</TS>
