<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>lemm::app::AdminView</name>
    <message>
        <location filename="../app/admin_view.cpp" line="+58"/>
        <source>&amp;Policy</source>
        <translation>&amp;Richtlinie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Roles</source>
        <translation>&amp;Rollen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Claims</source>
        <translation>&amp;Ansprüche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lineage</source>
        <translation>&amp;Herkunft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;udit</source>
        <translation>Pr&amp;otokoll</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Allowed</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why this change (kept in the history)</source>
        <translation>Warum diese Änderung (bleibt im Verlauf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review and &amp;save…</source>
        <translation>Prüfen und &amp;speichern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History (newest first):</source>
        <translation>Verlauf (neueste zuerst):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>must be a whole number</source>
        <translation>muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a number</source>
        <translation>muss eine Zahl sein</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>must be between %1 and %2</source>
        <translation>muss zwischen %1 und %2 liegen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>must be one of %1</source>
        <translation>muss eines von %1 sein</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>must be a JSON object</source>
        <translation>muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Policy not saved</source>
        <translation>Richtlinie nicht gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix these values first:
%1</source>
        <translation>Bitte zuerst diese Werte korrigieren:
%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing changed.</source>
        <translation>Nichts geändert.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the policy?</source>
        <translation>Richtlinie speichern?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These settings change:

%1</source>
        <translation>Diese Einstellungen ändern sich:

%1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The policy has invalid values: %1</source>
        <translation>Die Richtlinie enthält ungültige Werte: %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bulk source</source>
        <translation>Massenquelle</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contributor</source>
        <translation>Beitragende(r)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewer</source>
        <translation>Prüfer(in)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply roles</source>
        <translation>Rollen übernehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve as bulk source</source>
        <translation>Als Massenquelle freigeben</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Open infringement claims. Disputes (appeals) are decided in Review → Disputes.</source>
        <translation>Offene Rechtsverletzungsansprüche. Einsprüche werden unter Prüfen → Einsprüche entschieden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Track</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Claimant</source>
        <translation>Anspruchsteller</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Track status</source>
        <translation>Titelstatus</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Filed</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep the track</source>
        <translation>Titel behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject the track</source>
        <translation>Titel ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the track</source>
        <translation>Titel entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decision note</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Decide</source>
        <translation>&amp;Entscheiden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open in review</source>
        <translation>In der Prüfung ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs of the model</source>
        <translation>Läufe des Modells</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Packs of the run</source>
        <translation>Pakete des Laufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tracks of the run (of the pack)</source>
        <translation>Titel des Laufs (aus dem Paket)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs and models using the track</source>
        <translation>Läufe und Modelle mit diesem Titel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export proof of the model…</source>
        <translation>Nachweis des Modells &amp;exportieren…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Export proof</source>
        <translation>Nachweis exportieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%1 (%2, %n run(s))</source>
        <translation>
            <numerusform>%1 (%2, %n Lauf)</numerusform>
            <numerusform>%1 (%2, %n Läufe)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 · %2 · %3 tracks · packs: %4</source>
        <translation>%1 · %2 · %3 Titel · Pakete: %4</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Model %1 (%2), packs: %3</source>
        <translation>Modell %1 (%2), Pakete: %3</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run %1: %2 tracks, resolved-set hash %3, config %4, clean: %5</source>
        <translation>Lauf %1: %2 Titel, Hash der Titelmenge %3, Konfiguration %4, sauber: %5</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>model %1 · run %2 · pack %3</source>
        <translation>Modell %1 · Lauf %2 · Paket %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>actor id</source>
        <translation>Akteur-ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>track or subject id</source>
        <translation>Titel- oder Gegenstands-ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from (2026-11-01)</source>
        <translation>ab (2026-11-01)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>until (exclusive)</source>
        <translation>bis (ausschließlich)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verify chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Subject</source>
        <translation>Gegenstand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The chain verifies: %1 entries, head %2</source>
        <translation>Die Kette ist intakt: %1 Einträge, Kopf %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>THE CHAIN DOES NOT VERIFY: %1</source>
        <translation>DIE KETTE IST NICHT INTAKT: %1</translation>
    </message>
</context>
<context>
    <name>lemm::app::ApiClient</name>
    <message>
        <location filename="../app/api_client.cpp" line="+69"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot reach the server at %1: %2</source>
        <translation>Der Server unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server answered %1.</source>
        <translation>Der Server antwortete mit %1.</translation>
    </message>
</context>
<context>
    <name>lemm::app::ContributorView</name>
    <message>
        <location filename="../app/contributor_view.cpp" line="+46"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Contribution terms</source>
        <translation>Beitragsbedingungen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Accept the terms</source>
        <translation>Bedingungen &amp;annehmen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Upload (drop audio files here)</source>
        <translation>Hochladen (Audiodateien hierher ziehen)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>empty: each file&apos;s name</source>
        <translation>leer: der Name jeder Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>comma-separated</source>
        <translation>durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. instrumental</source>
        <translation>z. B. instrumental</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unreleased</source>
        <translation>Unveröffentlicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Released</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work for hire</source>
        <translation>Auftragswerk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Individual</source>
        <translation>Einzelperson</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Publisher</source>
        <translation>Verlag</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>I wrote and recorded this (original)</source>
        <translation>Ich habe dies geschrieben und aufgenommen (Original)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is a cover of someone else&apos;s song</source>
        <translation>Es ist eine Coverversion eines fremden Liedes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It contains third-party samples</source>
        <translation>Es enthält Samples Dritter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training allowed</source>
        <translation>Training erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal demos allowed</source>
        <translation>Interne Demos erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per-artist adapters allowed</source>
        <translation>Künstler-Adapter erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;rtist name:</source>
        <translation>Künstler&amp;name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;llaborators:</source>
        <translation>&amp;Mitwirkende:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Genres:</source>
        <translation>&amp;Genres:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lan&amp;guage:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release status:</source>
        <translation>Veröffentlichungsstatus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rights holder:</source>
        <translation>Rechteinhaber:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence:</source>
        <translation>Lizenz:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add &amp;files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Submit</source>
        <translation>&amp;Einreichen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Cancel upload</source>
        <translation>Hochladen &amp;abbrechen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>My tracks</source>
        <translation>Meine Titel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demos</source>
        <translation>Demos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adapters</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Models trained</source>
        <translation>Trainierte Modelle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Revoke future use…</source>
        <translation>Künftige Nutzung &amp;widerrufen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;ppeal the rejection…</source>
        <translation>Ablehnung an&amp;fechten…</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose audio files</source>
        <translation>Audiodateien auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm *.caf);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm *.caf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+90"/>
        <location line="+2"/>
        <source>uploading</source>
        <translation>wird hochgeladen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+155"/>
        <source>Appeal the rejection</source>
        <translation>Ablehnung anfechten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why should &quot;%1&quot; be reviewed again? A different reviewer decides.
Reason:</source>
        <translation>Warum soll „%1“ erneut geprüft werden? Eine andere Person entscheidet.
Grund:</translation>
    </message>
    <message>
        <location line="-172"/>
        <location line="+26"/>
        <source>submitting</source>
        <translation>wird eingereicht</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>checks: %1</source>
        <translation>Prüfungen: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>checking: %1</source>
        <translation>wird geprüft: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>checked: %1</source>
        <translation>geprüft: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Revoke future use</source>
        <translation>Künftige Nutzung widerrufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke all future use of &quot;%1&quot;? Models already trained stay recorded.
Reason:</source>
        <translation>Jede künftige Nutzung von „%1“ widerrufen? Bereits trainierte Modelle bleiben verzeichnet.
Grund:</translation>
    </message>
</context>
<context>
    <name>lemm::app::Labels</name>
    <message>
        <location filename="../app/labels.cpp" line="+14"/>
        <source>submitted</source>
        <translation>eingereicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>being checked</source>
        <translation>wird geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in review</source>
        <translation>in Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected (can appeal)</source>
        <translation>abgelehnt (Einspruch möglich)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected (final)</source>
        <translation>abgelehnt (endgültig)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>appeal in review</source>
        <translation>Einspruch in Prüfung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>under investigation (claim)</source>
        <translation>in Untersuchung (Anspruch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
</context>
<context>
    <name>lemm::app::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="+31"/>
        <source>LEMM Vault</source>
        <translation>LEMM Vault</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+42"/>
        <location line="+30"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tab %1</source>
        <translation>Reiter %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>OFFLINE — showing cached data, votes are queued</source>
        <translation>OFFLINE — zwischengespeicherte Daten, Stimmen werden gesammelt</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Contribute</source>
        <translation>Beitragen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>+ / -	Zoom the waveform around the playhead</source>
        <translation>+ / -	Wellenform um die Abspielposition zoomen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left / Right	Scroll the waveform</source>
        <translation>Links / Rechts	Wellenform verschieben</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Home / End	Start / end of the track</source>
        <translation>Pos1 / Ende	Anfang / Ende des Titels</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0	Show the whole track</source>
        <translation>0	Ganzen Titel zeigen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wheel, Shift+wheel	Zoom at the cursor, scroll</source>
        <translation>Mausrad, Umschalt+Mausrad	Am Zeiger zoomen, verschieben</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
</context>
<context>
    <name>lemm::app::RegistrationDialog</name>
    <message>
        <location filename="../app/registration_dialog.cpp" line="+23"/>
        <source>Create a LEMM Vault account</source>
        <translation>Ein LEMM-Vault-Konto anlegen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name shown to others:</source>
        <translation>Für andere sichtbarer &amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password (at least %1 characters):</source>
        <translation>&amp;Passwort (mindestens %1 Zeichen):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat the password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Create account</source>
        <translation>Konto &amp;anlegen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Verify</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Code:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The password needs at least %1 characters.</source>
        <translation>Das Passwort braucht mindestens %1 Zeichen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>We sent a verification code to %1. Paste it here.</source>
        <translation>Wir haben einen Bestätigungscode an %1 geschickt. Bitte hier einfügen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Paste the code from the e-mail.</source>
        <translation>Bitte den Code aus der E-Mail einfügen.</translation>
    </message>
</context>
<context>
    <name>lemm::app::ReviewView</name>
    <message>
        <location filename="../app/review_view.cpp" line="+146"/>
        <source>All open</source>
        <translation>Alle offenen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending review</source>
        <translation>Zur Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disputes</source>
        <translation>Einsprüche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Oldest first</source>
        <translation>Älteste zuerst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most flags</source>
        <translation>Meiste Markierungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Highest score</source>
        <translation>Höchste Ähnlichkeit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Votes made offline:</source>
        <translation>Offline abgegebene Stimmen:</translation>
    </message>
    <message>
        <location line="+45"/>
        <location line="+67"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Note (required to reject or ask for more information)</source>
        <translation>Notiz (nötig zum Ablehnen oder für Rückfragen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Approve</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs more info</source>
        <translation>Mehr Informationen nötig</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Play / pause</source>
        <translation>Abspielen / Pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch A/B (submission / reference)</source>
        <translation>A/B wechseln (Einreichung / Referenz)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seek back 5 s</source>
        <translation>5 s zurück</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seek forward 5 s</source>
        <translation>5 s vor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next submission</source>
        <translation>Nächste Einreichung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous submission</source>
        <translation>Vorige Einreichung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reject (with the note)</source>
        <translation>Ablehnen (mit Notiz)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs more info (with the note)</source>
        <translation>Mehr Informationen nötig (mit Notiz)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write a note</source>
        <translation>Notiz schreiben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload the queue</source>
        <translation>Warteschlange neu laden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Offline: showing the queue as fetched at %1. Votes are queued.</source>
        <translation>Offline: Warteschlange vom Stand %1. Stimmen werden gesammelt.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 (dispute)</source>
        <translation>%1 (Einspruch)</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>&lt;p&gt;&lt;b&gt;Flags:&lt;/b&gt; %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Markierungen:&lt;/b&gt; %1&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;p&gt;&lt;b&gt;Rights:&lt;/b&gt; %1, original: %2, cover: %3, samples: %4, licence %5&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Rechte:&lt;/b&gt; %1, Original: %2, Cover: %3, Samples: %4, Lizenz %5&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+5"/>
        <location line="+1"/>
        <location line="+1"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+1"/>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+1"/>
        <location line="+2"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>&lt;p&gt;&lt;b&gt;Consent:&lt;/b&gt; training %1, demos %2, adapters %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Einwilligung:&lt;/b&gt; Training %1, Demos %2, Adapter %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;p&gt;&lt;b&gt;Similarity by source:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Ähnlichkeit nach Quelle:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>, unavailable</source>
        <translation>, nicht erreichbar</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;li&gt;vault: %1 match(es) among %2 references&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;li&gt;Tresor: %1 Treffer unter %2 Referenzen&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location line="+31"/>
        <source> — you cannot vote on your own track</source>
        <translation> — über den eigenen Titel kann man nicht abstimmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — you have voted</source>
        <translation> — Sie haben abgestimmt</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: the reference&apos;s audio is not in the vault; only its region is known (%2–%3 s in the reference).</source>
        <translation>%1: Das Audio der Referenz liegt nicht im Tresor; bekannt ist nur der Bereich (%2–%3 s in der Referenz).</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>B: %1 (aligned at the match: %2 s here = %3 s there)</source>
        <translation>B: %1 (am Treffer ausgerichtet: %2 s hier = %3 s dort)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The server is unreachable and the vote could not be kept in the offline cache (%1): please vote again later.</source>
        <translation>Der Server ist nicht erreichbar und die Stimme konnte nicht im Offline-Speicher (%1) abgelegt werden: bitte später erneut abstimmen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server is unreachable: your vote is queued and will be sent when it is back.</source>
        <translation>Der Server ist nicht erreichbar: Ihre Stimme wird gesendet, sobald er wieder da ist.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Voted %1: the submission is now %2 (%3).</source>
        <translation>Abgestimmt (%1): Die Einreichung ist jetzt %2 (%3).</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>CONFLICT %1 on %2: %3</source>
        <translation>KONFLIKT %1 bei %2: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued %1 on %2 (%3)</source>
        <translation>wartend: %1 bei %2 (%3)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Select a vault match first: A/B needs a reference whose audio is in the vault.</source>
        <translation>Zuerst einen Tresor-Treffer wählen: A/B braucht eine Referenz, deren Audio im Tresor liegt.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The preview could not be decoded: %1</source>
        <translation>Die Hörprobe konnte nicht dekodiert werden: %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 %2 s / %3 s</source>
        <translation>%1 %2 s / %3 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B (reference)</source>
        <translation>B (Referenz)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A (submission)</source>
        <translation>A (Einreichung)</translation>
    </message>
    <message>
        <source>%1  %2  [%3–%4 s] ↔ reference [%5–%6 s]</source>
        <translation>%1  %2  [%3–%4 s] ↔ Referenz [%5–%6 s]</translation>
    </message>
    <message>
        <source> · time ×%1 · pitch ×%2</source>
        <translation> · Zeit ×%1 · Tonhöhe ×%2</translation>
    </message>
    <message>
        <source> · segment %1 of %2</source>
        <translation> · Abschnitt %1 von %2</translation>
    </message>
    <message numerus="yes">
        <source> · %n unusable segment(s) ignored</source>
        <translation>
            <numerusform> · %n unbrauchbarer Abschnitt ignoriert</numerusform>
            <numerusform> · %n unbrauchbare Abschnitte ignoriert</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lemm::ui::AccountView</name>
    <message>
        <location filename="../ui/account_view.cpp" line="+20"/>
        <source>Contribution terms</source>
        <translation>Beitragsbedingungen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roles: %1</source>
        <translation>Rollen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E-mail address verified.</source>
        <translation>E-Mail-Adresse bestätigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail address not verified yet: use the token from the verification mail.</source>
        <translation>E-Mail-Adresse noch nicht bestätigt: Verwenden Sie das Token aus der Bestätigungsmail.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You have not yet affirmed the contribution terms.</source>
        <translation>Sie haben die Beitragsbedingungen noch nicht bestätigt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You affirmed terms version %1; the current version is %2.</source>
        <translation>Sie haben Version %1 der Bedingungen bestätigt; aktuell ist Version %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You affirmed the current contribution terms (%1).</source>
        <translation>Sie haben die aktuellen Beitragsbedingungen bestätigt (%1).</translation>
    </message>
</context>
<context>
    <name>lemm::ui::LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.cpp" line="+14"/>
        <source>Log in to LEMM Vault</source>
        <translation>Bei LEMM Vault anmelden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>you@example.org</source>
        <translation>sie@example.org</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Create account…</source>
        <translation>Konto &amp;anlegen…</translation>
    </message>
</context>
<context>
    <name>lemm::ui::SnippetPlayer</name>
    <message>
        <location filename="../ui/snippet_player.cpp" line="+98"/>
        <source>No audio output device: the snippet is loaded but cannot be heard.</source>
        <translation>Kein Audioausgabegerät: Die Hörprobe ist geladen, kann aber nicht abgespielt werden.</translation>
    </message>
</context>
<context>
    <name>lemm::ui::WaveformView</name>
    <message>
        <location filename="../ui/waveform_view.cpp" line="+24"/>
        <source>Waveform</source>
        <translation>Wellenform</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="+33"/>
        <source>LEMM Vault desktop client.</source>
        <translation>LEMM-Vault-Desktop-Client.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server URL to connect to.</source>
        <translation>Server-URL, mit der verbunden wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log in as this account at start-up; the password is read from the LEMM_PASSWORD environment variable.</source>
        <translation>Beim Start mit diesem Konto anmelden; das Passwort kommt aus der Umgebungsvariablen LEMM_PASSWORD.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Directory of the offline cache (default: the user&apos;s cache directory).</source>
        <translation>Verzeichnis des Offline-Speichers (Standard: das Cache-Verzeichnis des Benutzers).</translation>
    </message>
</context>
</TS>
