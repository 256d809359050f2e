<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ErrorMessages</name>
    <message>
        <location filename="../app/api_result.cpp" line="+36"/>
        <source>The request failed (%1).</source>
        <translation>Die Anfrage ist fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <location filename="../app/error_messages.cpp" line="+14"/>
        <source>The server ran into a problem of its own. Try again later; if it persists, tell an administrator.</source>
        <translation>Auf dem Server ist ein internes Problem aufgetreten. Versuchen Sie es später erneut; wenn es bestehen bleibt, informieren Sie einen Administrator.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server is not set up correctly. Tell an administrator.</source>
        <translation>Der Server ist nicht richtig eingerichtet. Informieren Sie einen Administrator.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored data on the server failed an integrity check. Tell an administrator.</source>
        <translation>Auf dem Server gespeicherte Daten haben eine Integritätsprüfung nicht bestanden. Informieren Sie einen Administrator.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server could not read this request. Update the app or try again.</source>
        <translation>Der Server konnte diese Anfrage nicht lesen. Aktualisieren Sie die App oder versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The audio file could not be read. Choose a complete WAV, FLAC, MP3 or OGG file.</source>
        <translation>Die Audiodatei konnte nicht gelesen werden. Wählen Sie eine vollständige WAV-, FLAC-, MP3- oder OGG-Datei.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server is busy or unavailable right now. Try again in a moment.</source>
        <translation>Der Server ist gerade ausgelastet oder nicht verfügbar. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This item no longer exists, or you cannot see it.</source>
        <translation>Dieser Eintrag existiert nicht mehr oder ist für Sie nicht sichtbar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Someone changed this in the meantime. Reload and try again.</source>
        <translation>Jemand hat dies inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This preview is not available to you. Reload the item and ask for a new one.</source>
        <translation>Diese Hörprobe steht Ihnen nicht zur Verfügung. Laden Sie den Eintrag neu und fordern Sie eine neue an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link is not valid. Ask for a new one.</source>
        <translation>Dieser Link ist ungültig. Fordern Sie einen neuen an.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A data pack of this run does not allow this use. Choose other packs.</source>
        <translation>Ein Datenpaket dieses Laufs erlaubt diese Nutzung nicht. Wählen Sie andere Pakete.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The transparency log could not give this proof. Try again later.</source>
        <translation>Das Transparenzprotokoll konnte diesen Nachweis nicht liefern. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An external catalog could not be reached or answered oddly; the check will be retried.</source>
        <translation>Ein externer Katalog war nicht erreichbar oder hat unerwartet geantwortet; die Prüfung wird wiederholt.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This alert has already been acknowledged.</source>
        <translation>Diese Warnung wurde bereits bestätigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This track has already been revoked.</source>
        <translation>Dieser Titel wurde bereits widerrufen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You have already voted on this item in this round.</source>
        <translation>Sie haben in dieser Runde bereits über diesen Eintrag abgestimmt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This API key has already been revoked.</source>
        <translation>Dieser API-Schlüssel wurde bereits widerrufen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is an API key, not a session; an administrator revokes or rotates it.</source>
        <translation>Dies ist ein API-Schlüssel, keine Sitzung; ein Administrator widerruft oder erneuert ihn.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recording is longer than the vault accepts.</source>
        <translation>Die Aufnahme ist länger, als der Tresor zulässt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Please log in first.</source>
        <translation>Bitte melden Sie sich zuerst an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The match gives no usable alignment for the difference track.</source>
        <translation>Der Treffer ergibt keine brauchbare Ausrichtung für die Differenzspur.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The spectrogram settings are not usable.</source>
        <translation>Die Spektrogramm-Einstellungen sind nicht verwendbar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s answer could not be read. Update the app or try again.</source>
        <translation>Die Antwort des Servers konnte nicht gelesen werden. Aktualisieren Sie die App oder versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request is larger than the server accepts.</source>
        <translation>Die Anfrage ist größer, als der Server zulässt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You cannot remove your own administrator role.</source>
        <translation>Sie können Ihre eigene Administratorrolle nicht entfernen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This claim has already been decided.</source>
        <translation>Über diesen Anspruch wurde bereits entschieden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A claim cannot be filed on this track in its state.</source>
        <translation>Für diesen Titel kann in seinem jetzigen Zustand kein Anspruch erhoben werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This claim is no longer waiting for review.</source>
        <translation>Dieser Anspruch wartet nicht mehr auf Prüfung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This claim must be reviewed (accepted or dismissed) before it is decided.</source>
        <translation>Dieser Anspruch muss geprüft (angenommen oder abgewiesen) werden, bevor über ihn entschieden wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too many claims in a short time. Try again later.</source>
        <translation>Zu viele Ansprüche in kurzer Zeit. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The snippet is too long to compare here.</source>
        <translation>Die Hörprobe ist zu lang, um sie hier zu vergleichen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run&apos;s configuration does not match what was registered.</source>
        <translation>Die Konfiguration des Laufs stimmt nicht mit der registrierten überein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file took too long to analyse and was refused.</source>
        <translation>Die Analyse der Datei hat zu lange gedauert; die Datei wurde abgelehnt.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file took too long to decode and was refused.</source>
        <translation>Das Dekodieren der Datei hat zu lange gedauert; die Datei wurde abgelehnt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verify your e-mail address first (see the message we sent you).</source>
        <translation>Bestätigen Sie zuerst Ihre E-Mail-Adresse (siehe die Nachricht, die wir Ihnen geschickt haben).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An account with this e-mail address already exists.</source>
        <translation>Es gibt bereits ein Konto mit dieser E-Mail-Adresse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file contains no audio.</source>
        <translation>Die Datei enthält kein Audio.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The snippet holds no audio.</source>
        <translation>Die Hörprobe enthält kein Audio.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This training link has been used up.</source>
        <translation>Dieser Trainingslink ist aufgebraucht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spectrum could not be computed.</source>
        <translation>Das Spektrum konnte nicht berechnet werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file could not be opened on this computer.</source>
        <translation>Die Datei konnte auf diesem Computer nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The audio could not be fingerprinted. Try another file.</source>
        <translation>Für das Audio konnte kein Fingerabdruck erstellt werden. Versuchen Sie eine andere Datei.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your account is not allowed to do this.</source>
        <translation>Ihr Konto ist dazu nicht berechtigt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The track is no longer in a state that allows this. Reload to see its current state.</source>
        <translation>Der Titel ist nicht mehr in einem Zustand, der dies erlaubt. Laden Sie neu, um seinen aktuellen Zustand zu sehen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The e-mail address or password is wrong.</source>
        <translation>E-Mail-Adresse oder Passwort ist falsch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Some fields need attention.</source>
        <translation>Einige Felder müssen überprüft werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file name is not acceptable. Rename the file and try again.</source>
        <translation>Der Dateiname ist nicht zulässig. Benennen Sie die Datei um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The policy is not valid; see the fields marked.</source>
        <translation>Die Richtlinie ist ungültig; siehe die markierten Felder.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The upload is not valid any more. Upload the file again.</source>
        <translation>Der Upload ist nicht mehr gültig. Laden Sie die Datei erneut hoch.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A licence with this version already exists.</source>
        <translation>Eine Lizenz mit dieser Version existiert bereits.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current output licence has not been accepted.</source>
        <translation>Die aktuelle Ausgabelizenz wurde nicht angenommen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A newer output licence must be accepted first.</source>
        <translation>Zuerst muss eine neuere Ausgabelizenz angenommen werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+141"/>
        <source>This link has already been used. Ask for a new one.</source>
        <translation>Dieser Link wurde bereits verwendet. Fordern Sie einen neuen an.</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>The e-mail could not be sent. Try again later.</source>
        <translation>Die E-Mail konnte nicht gesendet werden. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server could not send the mail just now. Your account is kept: ask for the mail again in a few minutes.</source>
        <translation>Der Server konnte die E-Mail gerade nicht senden. Ihr Konto bleibt erhalten: Fordern Sie die E-Mail in ein paar Minuten erneut an.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file needs too much memory to analyse and was refused.</source>
        <translation>Die Analyse der Datei bräuchte zu viel Speicher; die Datei wurde abgelehnt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This model belongs to another service.</source>
        <translation>Dieses Modell gehört zu einem anderen Dienst.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model type does not match the registered model.</source>
        <translation>Der Modelltyp stimmt nicht mit dem registrierten Modell überein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server cannot be reached. Check the connection; the app shows what it saved offline.</source>
        <translation>Der Server ist nicht erreichbar. Prüfen Sie die Verbindung; die App zeigt, was sie offline gespeichert hat.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No output licence has been published yet.</source>
        <translation>Es wurde noch keine Ausgabelizenz veröffentlicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The loaded snippets do not overlap at this match; play the matched region first.</source>
        <translation>Die geladenen Hörproben überlappen sich bei diesem Treffer nicht; spielen Sie zuerst den übereinstimmenden Bereich ab.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service accounts cannot do this; log in as a person.</source>
        <translation>Dienstkonten können dies nicht tun; melden Sie sich als Person an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is no longer open.</source>
        <translation>Dies ist nicht mehr offen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This track cannot be previewed in its current state.</source>
        <translation>Für diesen Titel gibt es in seinem aktuellen Zustand keine Hörprobe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This track is not waiting for review any more.</source>
        <translation>Dieser Titel wartet nicht mehr auf Prüfung.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only failed deliveries can be retried.</source>
        <translation>Nur fehlgeschlagene Zustellungen können wiederholt werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This output was blocked by the safety check and cannot be exported.</source>
        <translation>Diese Ausgabe wurde von der Sicherheitsprüfung gesperrt und kann nicht exportiert werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This output has not been through the safety check.</source>
        <translation>Diese Ausgabe hat die Sicherheitsprüfung nicht durchlaufen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This output&apos;s safety check could not be verified.</source>
        <translation>Die Sicherheitsprüfung dieser Ausgabe konnte nicht verifiziert werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You cannot review your own track.</source>
        <translation>Sie können Ihren eigenen Titel nicht prüfen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A data pack with this name already exists.</source>
        <translation>Ein Datenpaket mit diesem Namen existiert bereits.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Part of the request is too large.</source>
        <translation>Ein Teil der Anfrage ist zu groß.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The waveform is still being prepared. Try again shortly.</source>
        <translation>Die Wellenform wird noch vorbereitet. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was changed in the policy.</source>
        <translation>An der Richtlinie wurde nichts geändert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>You have listened to as much of this track as a review allows.</source>
        <translation>Sie haben so viel von diesem Titel angehört, wie eine Prüfung erlaubt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The preview lies outside the track.</source>
        <translation>Die Hörprobe liegt außerhalb des Titels.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Raw audio is never handed out to people.</source>
        <translation>Rohes Audio wird nie an Personen herausgegeben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server does not know this request. Update the app or the server.</source>
        <translation>Der Server kennt diese Anfrage nicht. Aktualisieren Sie die App oder den Server.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This rule already exists.</source>
        <translation>Diese Regel existiert bereits.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This training run has already been completed.</source>
        <translation>Dieser Trainingslauf ist bereits abgeschlossen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A training run with this id already exists.</source>
        <translation>Ein Trainingslauf mit dieser ID existiert bereits.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An appeal must be decided by someone who did not review the track the first time.</source>
        <translation>Über einen Einspruch muss jemand entscheiden, der den Titel beim ersten Mal nicht geprüft hat.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The snippet is silent, so its loudness cannot be measured.</source>
        <translation>Die Hörprobe ist still, daher kann ihre Lautheit nicht gemessen werden.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Affirm the contribution terms first.</source>
        <translation>Bestätigen Sie zuerst die Beitragsbedingungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The terms have changed; read and affirm the new version.</source>
        <translation>Die Bedingungen haben sich geändert; lesen und bestätigen Sie die neue Version.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This link has expired. Ask for a new one.</source>
        <translation>Dieser Link ist abgelaufen. Fordern Sie einen neuen an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your session is not valid. Please log in again.</source>
        <translation>Ihre Sitzung ist ungültig. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your session has ended. Please log in again.</source>
        <translation>Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too many failed attempts. Wait a while and try again.</source>
        <translation>Zu viele fehlgeschlagene Versuche. Warten Sie eine Weile und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The snippet is too short to measure.</source>
        <translation>Die Hörprobe ist zu kurz zum Messen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This track cannot be used for training.</source>
        <translation>Dieser Titel kann nicht für das Training verwendet werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no data pack with this name.</source>
        <translation>Es gibt kein Datenpaket mit diesem Namen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This audio format is not supported. Use WAV, FLAC, MP3 or OGG.</source>
        <translation>Dieses Audioformat wird nicht unterstützt. Verwenden Sie WAV, FLAC, MP3 oder OGG.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The upload has expired. Upload the file again.</source>
        <translation>Der Upload ist abgelaufen. Laden Sie die Datei erneut hoch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This upload has already been submitted.</source>
        <translation>Dieser Upload wurde bereits eingereicht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is larger than the vault accepts.</source>
        <translation>Die Datei ist größer, als der Tresor zulässt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This window holds too much history; choose fewer days.</source>
        <translation>Dieser Zeitraum umfasst zu viel Verlauf; wählen Sie weniger Tage.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The current password is wrong; nothing was changed.</source>
        <translation>Das aktuelle Passwort ist falsch; es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <location filename="../app/review_controller.cpp" line="+61"/>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Flags: %1</source>
        <translation>Markierungen: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rights: %1, original: %2, cover: %3, samples: %4, licence %5</source>
        <translation>Rechte: %1, Original: %2, Cover: %3, Samples: %4, Lizenz %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Consent: training %1, demos %2, adapters %3</source>
        <translation>Einwilligung: Training %1, Demos %2, Adapter %3</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1: %2%3 (%n hit(s))</source>
        <translation>
            <numerusform>%1: %2%3 (%n Treffer)</numerusform>
            <numerusform>%1: %2%3 (%n Treffer)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, unavailable</source>
        <translation>, nicht erreichbar</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Vault: checked against %n reference(s)</source>
        <translation>
            <numerusform>Tresor: mit %n Referenz verglichen</numerusform>
            <numerusform>Tresor: mit %n Referenzen verglichen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lemm::app::AccountsModel</name>
    <message>
        <location filename="../app/accounts_model.cpp" line="+10"/>
        <source>contributor</source>
        <translation>Beitragende(r)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reviewer</source>
        <translation>Prüfer(in)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>service</source>
        <translation>Dienstkonto</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+18"/>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
</context>
<context>
    <name>lemm::app::AdminController</name>
    <message>
        <location filename="../app/admin_controller.cpp" line="+77"/>
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
        <location line="+48"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The policy has values outside their ranges; nothing was saved.</source>
        <translation>Die Richtlinie enthält Werte außerhalb ihres Bereichs; es wurde nichts gespeichert.</translation>
    </message>
    <message numerus="yes">
        <location line="+163"/>
        <source>Model %1 (%2): %n training run(s), packs %3</source>
        <translation>
            <numerusform>Modell %1 (%2): %n Trainingslauf, Pakete %3</numerusform>
            <numerusform>Modell %1 (%2): %n Trainingsläufe, Pakete %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>Run %1: %n track(s), resolved-set hash %2…, configuration %3…, clean: %4</source>
        <translation>
            <numerusform>Lauf %1: %n Titel, Hash der Titelmenge %2…, Konfiguration %3…, sauber: %4</numerusform>
            <numerusform>Lauf %1: %n Titel, Hash der Titelmenge %2…, Konfiguration %3…, sauber: %4</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>The track was used by %n training run(s) of %1 model(s).</source>
        <translation>
            <numerusform>Der Titel wurde von %n Trainingslauf aus %1 Modell(en) verwendet.</numerusform>
            <numerusform>Der Titel wurde von %n Trainingsläufen aus %1 Modell(en) verwendet.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export proof</source>
        <translation>Nachweis exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+58"/>
        <source>The audit chain verifies: %n entries, newest hash %1…</source>
        <translation>
            <numerusform>Die Protokollkette ist intakt: %n Eintrag, neuester Hash %1…</numerusform>
            <numerusform>Die Protokollkette ist intakt: %n Einträge, neuester Hash %1…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>THE AUDIT CHAIN DOES NOT VERIFY: %1</source>
        <translation>DIE PROTOKOLLKETTE IST NICHT INTAKT: %1</translation>
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
    <name>lemm::app::AuditModel</name>
    <message>
        <location filename="../app/audit_model.cpp" line="+14"/>
        <source>account created</source>
        <translation>Konto angelegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>terms affirmed</source>
        <translation>Bedingungen bestätigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>submission decision</source>
        <translation>Entscheidung über Einreichung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>consent change</source>
        <translation>Änderung der Einwilligung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>policy change</source>
        <translation>Richtlinienänderung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vault access</source>
        <translation>Tresorzugriff</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>similarity check</source>
        <translation>Ähnlichkeitsprüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>review vote</source>
        <translation>Prüfungsstimme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>infringement claim</source>
        <translation>Rechtsverletzungsanspruch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>claim standing</source>
        <translation>Anspruchsberechtigung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training batch</source>
        <translation>Trainingsstapel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>output check</source>
        <translation>Ausgabeprüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt moderation</source>
        <translation>Prompt-Moderation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>output export</source>
        <translation>Ausgabeexport</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>credential change</source>
        <translation>Änderung der Zugangsdaten</translation>
    </message>
    <message>
        <location line="+30"/>
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
</context>
<context>
    <name>lemm::app::ClaimsModel</name>
    <message>
        <location filename="../app/claims_model.cpp" line="+12"/>
        <source>filed by an admin</source>
        <translation>von einem Admin eingereicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>verified rights holder</source>
        <translation>bestätigte Rechteinhaberschaft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <source>Standing</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+9"/>
        <source>%1

Statement: %2</source>
        <translation>%1

Erklärung: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
</context>
<context>
    <name>lemm::app::ContributorController</name>
    <message>
        <location filename="../app/contributor_controller.cpp" line="+42"/>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>My tracks</source>
        <translation>Meine Titel</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>uploading</source>
        <translation>wird hochgeladen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>submitting</source>
        <translation>wird eingereicht</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>checks: %1</source>
        <translation>Prüfungen: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>checking: %1</source>
        <translation>wird geprüft: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>checked: %1</source>
        <translation>geprüft: %1</translation>
    </message>
</context>
<context>
    <name>lemm::app::GovernanceModel</name>
    <message>
        <location filename="../app/governance_model.cpp" line="+26"/>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected, final</source>
        <translation>Abgelehnt, endgültig</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>90th percentile</source>
        <translation>90. Perzentil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median age</source>
        <translation>Alter (Median)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Oldest</source>
        <translation>Ältester</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reviewer</source>
        <translation>Prüfer(in)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Votes</source>
        <translation>Stimmen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approve</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Needs more info</source>
        <translation>Mehr Informationen nötig</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No flags</source>
        <translation>Keine Markierungen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no name)</source>
        <translation>(kein Name)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for review</source>
        <translation>Wartet auf Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In dispute</source>
        <translation>Im Einspruch</translation>
    </message>
</context>
<context>
    <name>lemm::app::Labels</name>
    <message>
        <location filename="../app/labels.cpp" line="+16"/>
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
    <message>
        <location line="+14"/>
        <source>track %1: %2 (audit entry %3)</source>
        <translation>Titel %1: %2 (Protokolleintrag %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>claimed</source>
        <translation>beansprucht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
</context>
<context>
    <name>lemm::app::LineageModel</name>
    <message>
        <location filename="../app/lineage_model.cpp" line="+29"/>
        <source>track %1: %2 (audit entry %3)</source>
        <translation>Titel %1: %2 (Protokolleintrag %3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>claimed</source>
        <translation>beansprucht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n training run(s)</source>
        <translation>
            <numerusform>%n Trainingslauf</numerusform>
            <numerusform>%n Trainingsläufe</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model %1, created %2</source>
        <translation>Modell %1, erstellt %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location line="+35"/>
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n Titel</numerusform>
            <numerusform>%n Titel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-30"/>
        <source>affected by %n track(s)</source>
        <translation>
            <numerusform>betroffen durch %n Titel</numerusform>
            <numerusform>betroffen durch %n Titel</numerusform>
        </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>model %1 · run %2</source>
        <translation>Modell %1 · Lauf %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click to open the model %1</source>
        <translation>Klicken, um das Modell %1 zu öffnen</translation>
    </message>
    <message>
        <location line="+215"/>
        <source>Lineage</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>lemm::app::MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="+70"/>
        <source>LEMM Vault</source>
        <translation>LEMM Vault</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+179"/>
        <location line="+44"/>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <location line="-189"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cu&amp;t</source>
        <translation>&amp;Ausschneiden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select &amp;all</source>
        <translation>Alles au&amp;swählen</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Contribute</source>
        <translation>&amp;Beitragen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A&amp;dmin</source>
        <translation>A&amp;dmin</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;About LEMM Vault</source>
        <translation>&amp;Über LEMM Vault</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preferences saved; the server URL applies at the next log-in.</source>
        <translation>Einstellungen gespeichert; die Server-URL gilt ab der nächsten Anmeldung.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>OFFLINE — showing cached data, votes are queued</source>
        <translation>OFFLINE — zwischengespeicherte Daten, Stimmen werden gesammelt</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Contribute</source>
        <translation>Beitragen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Governance</source>
        <translation>&amp;Kennzahlen</translation>
    </message>
    <message>
        <location line="+108"/>
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
    <name>lemm::app::MatchListModel</name>
    <message>
        <location filename="../app/match_list_model.cpp" line="+52"/>
        <source>%1–%2 s</source>
        <translation>%1–%2 s</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>time %1</source>
        <translation>Zeit %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pitch %1</source>
        <translation>Tonhöhe %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>segment %1 of %2</source>
        <translation>Abschnitt %1 von %2</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n unusable segment(s) ignored</source>
        <translation>
            <numerusform>%n unbrauchbarer Abschnitt ignoriert</numerusform>
            <numerusform>%n unbrauchbare Abschnitte ignoriert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Candidate, not a match: %1</source>
        <translation>Kandidat, kein Treffer: %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Match</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the submission</source>
        <translation>In der Einreichung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the reference</source>
        <translation>In der Referenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Factors</source>
        <translation>Faktoren</translation>
    </message>
</context>
<context>
    <name>lemm::app::MyTracksModel</name>
    <message>
        <location filename="../app/my_tracks_model.cpp" line="+17"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demos</source>
        <translation>Demos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adapters</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models trained</source>
        <translation>Trainierte Modelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
</context>
<context>
    <name>lemm::app::OfflineVotesModel</name>
    <message>
        <location filename="../app/offline_votes_model.cpp" line="+13"/>
        <source>approve</source>
        <translation>annehmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reject</source>
        <translation>ablehnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs more info</source>
        <translation>mehr Informationen nötig</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>CONFLICT %1 on %2: %3</source>
        <translation>KONFLIKT %1 bei %2: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued %1 on %2 (%3)</source>
        <translation>wartend: %1 bei %2 (%3)</translation>
    </message>
</context>
<context>
    <name>lemm::app::PolicyFieldsModel</name>
    <message>
        <location filename="../app/policy_fields_model.cpp" line="+77"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+106"/>
        <location line="+4"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a list of names</source>
        <translation>eine Liste von Namen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a text per licence type</source>
        <translation>ein Text je Lizenztyp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>yes or no</source>
        <translation>ja oder nein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1
Refused: %2</source>
        <translation>%1
Abgelehnt: %2</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
</context>
<context>
    <name>lemm::app::PolicyHistoryModel</name>
    <message>
        <location filename="../app/policy_history_model.cpp" line="+13"/>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+7"/>
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
    <name>lemm::app::ReviewController</name>
    <message>
        <location filename="../app/review_controller.cpp" line="-25"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Offline: showing the queue as last fetched. Votes are queued.</source>
        <translation>Offline: Warteschlange vom letzten Abruf. Stimmen werden gesammelt.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Select a vault match first: A/B and the difference need a reference whose audio is in the vault.</source>
        <translation>Zuerst einen Tresor-Treffer wählen: A/B und die Differenz brauchen eine Referenz, deren Audio im Tresor liegt.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source> — you cannot vote on your own track</source>
        <translation> — über den eigenen Titel kann man nicht abstimmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — you have voted</source>
        <translation> — Sie haben abgestimmt</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1: the reference&apos;s audio is not in the vault; only its region is known (%2 in the reference).</source>
        <translation>%1: Das Audio der Referenz liegt nicht im Tresor; bekannt ist nur der Bereich (%2 in der Referenz).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is a candidate the detection did not confirm.</source>
        <translation>%1 ist ein Kandidat, den die Erkennung nicht bestätigt hat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>External and unconfirmed hits have no audio in the vault: nothing to compare or remove.</source>
        <translation>Externe und unbestätigte Treffer haben kein Audio im Tresor: Es gibt nichts zu vergleichen oder zu entfernen.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>B: %1 (aligned at the match: %2 here = %3 there)</source>
        <translation>B: %1 (am Treffer ausgerichtet: %2 hier = %3 dort)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The server is unreachable and the vote could not be kept in the offline cache: please vote again later.</source>
        <translation>Der Server ist nicht erreichbar und die Stimme konnte nicht im Offline-Speicher abgelegt werden: bitte später erneut abstimmen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server is unreachable: your vote is queued and will be sent when it is back.</source>
        <translation>Der Server ist nicht erreichbar: Ihre Stimme wird gesendet, sobald er wieder da ist.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vote recorded: the submission is now %1 (%2).</source>
        <translation>Stimme erfasst: Die Einreichung ist jetzt %1 (%2).</translation>
    </message>
    <message>
        <location filename="../app/review_playback.cpp" line="+146"/>
        <source>Select a vault match first: A/B and the difference track need a reference whose audio is in the vault.</source>
        <translation>Zuerst einen Tresor-Treffer wählen: A/B und die Differenzspur brauchen eine Referenz, deren Audio im Tresor liegt.</translation>
    </message>
    <message>
        <location line="+72"/>
        <location line="+80"/>
        <source>The preview could not be decoded: %1</source>
        <translation>Die Hörprobe konnte nicht dekodiert werden: %1</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>B gain %1 (limited by true peak)</source>
        <translation>B-Verstärkung %1 (durch True Peak begrenzt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B gain %1</source>
        <translation>B-Verstärkung %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select a vault match first: the difference track needs a reference whose audio is in the vault.</source>
        <translation>Zuerst einen Tresor-Treffer wählen: Die Differenzspur braucht eine Referenz, deren Audio im Tresor liegt.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The difference track could not be computed: %1</source>
        <translation>Die Differenzspur konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>copy removed: %1 dB</source>
        <translation>Kopie entfernt: %1 dB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Difference: the submission %1–%2 without the aligned reference (gain %3)</source>
        <translation>Differenz: die Einreichung %1–%2 ohne die ausgerichtete Referenz (Verstärkung %3)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The spectrogram could not be computed: %1</source>
        <translation>Das Spektrogramm konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A (submission)</source>
        <translation>A (Einreichung)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B (reference)</source>
        <translation>B (Referenz)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diff (what is left)</source>
        <translation>Diff (was übrig bleibt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 / %3</source>
        <translation>%1 %2 / %3</translation>
    </message>
</context>
<context>
    <name>lemm::app::ReviewQueueModel</name>
    <message>
        <location filename="../app/review_queue_model.cpp" line="+11"/>
        <source>Decided: accepted</source>
        <translation>Entschieden: angenommen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decided: rejected</source>
        <translation>Entschieden: abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dispute: one vote by a reviewer new to this track decides</source>
        <translation>Einspruch: Es entscheidet eine Stimme von jemandem, der diesen Titel noch nicht geprüft hat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not flagged: the first vote decides</source>
        <translation>Nicht markiert: Die erste Stimme entscheidet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flagged: %1 of %2 approvals, %3 of %2 rejections</source>
        <translation>Markiert: %1 von %2 Zustimmungen, %3 von %2 Ablehnungen</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (dispute)</source>
        <translation>%1 (Einspruch)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best score</source>
        <translation>Beste Ähnlichkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
</context>
<context>
    <name>lemm::app::UploadQueueModel</name>
    <message>
        <location filename="../app/upload_queue_model.cpp" line="+14"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>lemm::ui::About</name>
    <message>
        <location filename="../ui/about_box.cpp" line="+10"/>
        <source>&lt;h3&gt;LEMM Vault %1&lt;/h3&gt;&lt;p&gt;The desktop client of LEMM Vault: contribute music under clear consent, review submissions and govern the dataset.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LEMM Vault %1&lt;/h3&gt;&lt;p&gt;Der Desktop-Client von LEMM Vault: Musik mit klarer Einwilligung beitragen, Einreichungen prüfen und den Datensatz verwalten.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>About LEMM Vault</source>
        <translation>Über LEMM Vault</translation>
    </message>
</context>
<context>
    <name>lemm::ui::AccountView</name>
    <message>
        <location filename="../ui/account_view.cpp" line="+16"/>
        <source>contributor</source>
        <translation>Beitragende(r)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reviewer</source>
        <translation>Prüfer(in)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>administrator</source>
        <translation>Administrator(in)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>service account</source>
        <translation>Dienstkonto</translation>
    </message>
    <message>
        <location line="+16"/>
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
    <name>lemm::ui::AccountsPanel</name>
    <message>
        <location filename="../ui/accounts_panel.cpp" line="+27"/>
        <source>Con&amp;tributor</source>
        <translation>&amp;Beitragende(r)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;eviewer</source>
        <translation>&amp;Prüfer(in)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;dmin</source>
        <translation>A&amp;dmin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pply roles</source>
        <translation>Rollen &amp;übernehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve as &amp;bulk source</source>
        <translation>Als &amp;Massenquelle freigeben</translation>
    </message>
</context>
<context>
    <name>lemm::ui::AdminArea</name>
    <message>
        <location filename="../ui/admin_area.cpp" line="+26"/>
        <source>Show %1</source>
        <translation>%1 anzeigen</translation>
    </message>
</context>
<context>
    <name>lemm::ui::AuditViewer</name>
    <message>
        <location filename="../ui/audit_viewer.cpp" line="+31"/>
        <source>&amp;Older entries</source>
        <translation>Ä&amp;ltere Einträge</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Any event</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Track or subject</source>
        <translation>Titel oder Gegenstand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From (e.g. 2026-11-01)</source>
        <translation>Ab (z. B. 2026-11-01)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Until (not included)</source>
        <translation>Bis (ausschließlich)</translation>
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
</context>
<context>
    <name>lemm::ui::ClaimsPanel</name>
    <message>
        <location filename="../ui/claims_panel.cpp" line="+31"/>
        <source>Open claims (the track is locked until you decide)</source>
        <translation>Offene Ansprüche (der Titel bleibt gesperrt, bis Sie entscheiden)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Open in review</source>
        <translation>In der Prüfung ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why (required, kept with the decision)</source>
        <translation>Begründung (erforderlich, wird mit der Entscheidung gespeichert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep the track</source>
        <translation>Titel &amp;behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject the track</source>
        <translation>Titel &amp;ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move the track</source>
        <translation>Titel &amp;entfernen</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Claims waiting for review (filed without standing; the track is not locked yet)</source>
        <translation>Ansprüche, die auf Prüfung warten (ohne Berechtigung eingereicht; der Titel ist noch nicht gesperrt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Why (required, kept with the claim)</source>
        <translation>Begründung (erforderlich, wird mit dem Anspruch gespeichert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Accept claim and lock the track</source>
        <translation>Anspruch a&amp;nnehmen und Titel sperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;ismiss claim</source>
        <translation>Anspruch abwe&amp;isen</translation>
    </message>
</context>
<context>
    <name>lemm::ui::Format</name>
    <message>
        <location filename="../ui/format.cpp" line="+49"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1%2 LU</source>
        <translation>%1%2 LU</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>exact duplicate in the vault</source>
        <translation>exaktes Duplikat im Tresor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>duplicate of a submission in review</source>
        <translation>Duplikat einer Einreichung in Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>near duplicate in the vault</source>
        <translation>Beinahe-Duplikat im Tresor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>part of it matches a vault track</source>
        <translation>teilweise gleich einem Tresor-Titel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sounds similar to a vault track</source>
        <translation>klingt ähnlich wie ein Tresor-Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weak external catalog hit</source>
        <translation>schwacher Treffer in externem Katalog</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>strong external catalog hit</source>
        <translation>starker Treffer in externem Katalog</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>external check unavailable</source>
        <translation>externe Prüfung nicht verfügbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed the audio checks</source>
        <translation>Audioprüfungen nicht bestanden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rights need review</source>
        <translation>Rechte müssen geprüft werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>held: bulk source not approved</source>
        <translation>zurückgehalten: Massenquelle nicht freigegeben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>more information asked</source>
        <translation>weitere Informationen angefragt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>infringement claim</source>
        <translation>Rechtsverletzungsanspruch</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1, version %2</source>
        <translation>%1, Version %2</translation>
    </message>
</context>
<context>
    <name>lemm::ui::GovernanceDashboard</name>
    <message>
        <location filename="../ui/governance_dashboard.cpp" line="+42"/>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tables</source>
        <translation>Tabellen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Window:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Letzter %n Tag</numerusform>
            <numerusform>Letzte %n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>In this window</source>
        <translation>In diesem Zeitraum</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Agreement between reviewers</source>
        <translation>Übereinstimmung der Prüfenden</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Median time to decision, by flag</source>
        <translation>Mediane Zeit bis zur Entscheidung, nach Markierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No decisions in this window.</source>
        <translation>Keine Entscheidungen in diesem Zeitraum.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Oldest item waiting, by queue</source>
        <translation>Ältester wartender Eintrag, nach Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing is waiting.</source>
        <translation>Nichts wartet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Votes per reviewer</source>
        <translation>Stimmen je Prüfer(in)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No votes in this window.</source>
        <translation>Keine Stimmen in diesem Zeitraum.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Time to decision by outcome</source>
        <translation>Zeit bis zur Entscheidung nach Ergebnis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time to decision by flag</source>
        <translation>Zeit bis zur Entscheidung nach Markierung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queues now</source>
        <translation>Warteschlangen jetzt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewer load</source>
        <translation>Auslastung der Prüfenden</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>worse than chance: reviewers disagree more often than random votes would</source>
        <translation>schlechter als Zufall: Die Prüfenden sind sich öfter uneinig, als es zufällige Stimmen wären</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slight agreement: little beyond chance</source>
        <translation>leichte Übereinstimmung: kaum mehr als Zufall</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fair agreement: the criteria need sharper wording</source>
        <translation>ausreichende Übereinstimmung: Die Kriterien brauchen eine schärfere Formulierung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>moderate agreement</source>
        <translation>mittelmäßige Übereinstimmung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>substantial agreement</source>
        <translation>beachtliche Übereinstimmung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>almost perfect agreement</source>
        <translation>fast vollkommene Übereinstimmung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>κ = %1</source>
        <translation>κ = %1</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 (over %n item(s) two or more reviewers voted on)</source>
        <translation>
            <numerusform>%1 (bei %n Eintrag mit Stimmen von zwei oder mehr Prüfenden)</numerusform>
            <numerusform>%1 (bei %n Einträgen mit Stimmen von zwei oder mehr Prüfenden)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Not enough items: agreement needs at least two items that two reviewers voted on (%n so far).</source>
        <translation>
            <numerusform>Zu wenige Einträge: Die Übereinstimmung braucht mindestens zwei Einträge, über die zwei Prüfende abgestimmt haben (bisher %n).</numerusform>
            <numerusform>Zu wenige Einträge: Die Übereinstimmung braucht mindestens zwei Einträge, über die zwei Prüfende abgestimmt haben (bisher %n).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n decision(s) in this window, %1 waiting now</source>
        <translation>
            <numerusform>%n Entscheidung in diesem Zeitraum, %1 wartend</numerusform>
            <numerusform>%n Entscheidungen in diesem Zeitraum, %1 wartend</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disputes: %1 opened, %2 open, %3 rejections upheld, %4 overturned</source>
        <translation>Einsprüche: %1 eröffnet, %2 offen, %3 Ablehnungen bestätigt, %4 aufgehoben</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Claims: %1 filed, %2 awaiting review, %3 accepted, %4 dismissed, %5 locked by standing</source>
        <translation>Ansprüche: %1 eingereicht, %2 warten auf Prüfung, %3 angenommen, %4 abgewiesen, %5 wegen Anspruchsberechtigung gesperrt</translation>
    </message>
</context>
<context>
    <name>lemm::ui::LineageBrowser</name>
    <message>
        <location filename="../ui/lineage_browser.cpp" line="+19"/>
        <source>Click a model to see its training runs, a run for its packs and tracks, a track for every run and model that used it.</source>
        <translation>Klicken Sie auf ein Modell, um seine Trainingsläufe zu sehen, auf einen Lauf für seine Pakete und Titel, auf einen Titel für jeden Lauf und jedes Modell, die ihn verwendet haben.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Re&amp;fresh lineage</source>
        <translation>Herkunft &amp;aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <source>&amp;Export proof of the model…</source>
        <translation>Nachweis des Modells &amp;exportieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export proof of %1…</source>
        <translation>Nachweis von %1 &amp;exportieren…</translation>
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
    <name>lemm::ui::MatchLegend</name>
    <message>
        <location filename="../ui/match_legend.cpp" line="+17"/>
        <source>Legend</source>
        <translation>Legende</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>vault match</source>
        <translation>Tresor-Treffer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>external catalog</source>
        <translation>externer Katalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other source</source>
        <translation>andere Quelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>candidate, not a match</source>
        <translation>Kandidat, kein Treffer</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+26"/>
        <source>score</source>
        <translation>Ähnlichkeit</translation>
    </message>
</context>
<context>
    <name>lemm::ui::MyTracks</name>
    <message>
        <location filename="../ui/my_tracks.cpp" line="+24"/>
        <source>A&amp;ppeal the rejection…</source>
        <translation>Ablehnung an&amp;fechten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Revoke future use…</source>
        <translation>Künftige Nutzung &amp;widerrufen…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Reason (required)</source>
        <translation>Begründung (erforderlich)</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+4"/>
        <source>Revoke future use</source>
        <translation>Künftige Nutzung widerrufen</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Revoke all future use of &quot;%1&quot;? It will not be used to train any new model. Models already trained on it stay recorded.</source>
        <translation>Jede künftige Nutzung von „%1“ widerrufen? Der Titel wird für kein neues Modell mehr zum Training verwendet. Bereits damit trainierte Modelle bleiben verzeichnet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Appeal the rejection</source>
        <translation>Ablehnung anfechten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why should &quot;%1&quot; be reviewed again? A different reviewer decides.</source>
        <translation>Warum soll „%1“ erneut geprüft werden? Es entscheidet eine andere prüfende Person.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the appeal</source>
        <translation>Einspruch senden</translation>
    </message>
</context>
<context>
    <name>lemm::ui::OverviewStrip</name>
    <message>
        <location filename="../ui/overview_strip.cpp" line="+21"/>
        <source>Track overview</source>
        <translation>Titelübersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The whole track; click or drag to move the view</source>
        <translation>Der ganze Titel; klicken oder ziehen, um die Ansicht zu verschieben</translation>
    </message>
</context>
<context>
    <name>lemm::ui::PolicyEditor</name>
    <message>
        <location filename="../ui/policy_editor.cpp" line="+54"/>
        <source>History (newest first):</source>
        <translation>Verlauf (neueste zuerst):</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+174"/>
        <source>Select a setting to change it.</source>
        <translation>Wählen Sie eine Einstellung, um sie zu ändern.</translation>
    </message>
    <message>
        <location line="-162"/>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Why this change (kept in the history)</source>
        <translation>Warum diese Änderung (bleibt im Verlauf)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discard changes</source>
        <translation>Änderungen &amp;verwerfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save policy</source>
        <translation>Richtlinie speichern</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Licence types:</source>
        <translation>Lizenztypen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What contributors read for the selected type:</source>
        <translation>Was Beitragende für den gewählten Typ lesen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add l&amp;icence type…</source>
        <translation>Lizenztyp hin&amp;zufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove licence &amp;type</source>
        <translation>Lizenz&amp;typ entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep this text</source>
        <translation>Diesen Text &amp;übernehmen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add licence type</source>
        <translation>Lizenztyp hinzufügen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence type:</source>
        <translation>Lizenztyp:</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Refused (fix before saving):</source>
        <translation>Abgelehnt (vor dem Speichern korrigieren):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes to save:</source>
        <translation>Zu speichernde Änderungen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save as policy version %1</source>
        <translation>Als Richtlinienversion %1 speichern</translation>
    </message>
</context>
<context>
    <name>lemm::ui::PreferencesDialog</name>
    <message>
        <location filename="../ui/preferences_dialog.cpp" line="+55"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Server URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new language applies when the app starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start der App.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline &amp;cache limit:</source>
        <translation>&amp;Grenze des Offline-Speichers:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Audio output:</source>
        <translation>&amp;Audioausgabe:</translation>
    </message>
</context>
<context>
    <name>lemm::ui::ReviewWorkspace</name>
    <message>
        <location filename="../ui/review_workspace.cpp" line="+78"/>
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
        <location line="+3"/>
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
        <location line="+2"/>
        <source>Refresh the queue</source>
        <translation>Warteschlange aktualisieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Votes made offline:</source>
        <translation>Offline abgegebene Stimmen:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Submission</source>
        <translation>Einreichung</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Reference (B), aligned at the selected segment</source>
        <translation>Referenz (B), am gewählten Abschnitt ausgerichtet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Difference: the submission without the reference</source>
        <translation>Differenz: die Einreichung ohne die Referenz</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+195"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location line="-182"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The submission</source>
        <translation>Die Einreichung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The selected vault reference, loudness-matched</source>
        <translation>Die gewählte Tresor-Referenz, in der Lautheit angeglichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diff</source>
        <translation>Diff</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What is left of the submission without the reference</source>
        <translation>Was von der Einreichung ohne die Referenz übrig bleibt</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Select a vault match first</source>
        <translation>Zuerst einen Tresor-Treffer wählen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Play / pause</source>
        <translation>Abspielen / Pause</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch A/B (submission / reference)</source>
        <translation>A/B wechseln (Einreichung / Referenz)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Play the difference track</source>
        <translation>Differenzspur abspielen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the spectrogram</source>
        <translation>Spektrogramm zeigen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Seek back 5 s</source>
        <translation>5 s zurück</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seek forward 5 s</source>
        <translation>5 s vor</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+2"/>
        <source>Previous submission</source>
        <translation>Vorige Einreichung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Approve (undo within a few seconds)</source>
        <translation>Annehmen (einige Sekunden lang rückgängig zu machen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject with the note (undo within a few seconds)</source>
        <translation>Mit der Notiz ablehnen (einige Sekunden lang rückgängig zu machen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs more info with the note (undo within a few seconds)</source>
        <translation>Mit der Notiz mehr Informationen anfordern (einige Sekunden lang rückgängig zu machen)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Write a note</source>
        <translation>Notiz schreiben</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>lemm::ui::SnippetPlayer</name>
    <message>
        <location filename="../ui/snippet_player.cpp" line="+132"/>
        <source>No audio output device: the snippet is loaded but cannot be heard.</source>
        <translation>Kein Audioausgabegerät: Die Hörprobe ist geladen, kann aber nicht abgespielt werden.</translation>
    </message>
</context>
<context>
    <name>lemm::ui::TermsView</name>
    <message>
        <location filename="../ui/terms_view.cpp" line="+16"/>
        <source>&lt;b&gt;Contribution terms&lt;/b&gt; — before your first upload</source>
        <translation>&lt;b&gt;Beitragsbedingungen&lt;/b&gt; — vor Ihrem ersten Upload</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Accept the terms</source>
        <translation>Bedingungen &amp;annehmen</translation>
    </message>
</context>
<context>
    <name>lemm::ui::Uploader</name>
    <message>
        <location filename="../ui/uploader.cpp" line="+90"/>
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
        <location line="+7"/>
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
        <location line="+7"/>
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
        <source>Licen&amp;ce:</source>
        <translation>&amp;Lizenz:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Drop audio files here, or add them:</source>
        <translation>Audiodateien hier ablegen oder hinzufügen:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add &amp;files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Submit</source>
        <translation>&amp;Einreichen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Cancel upload</source>
        <translation>Hochladen &amp;abbrechen</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>Choose audio files</source>
        <translation>Audiodateien auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm *.caf);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.aif *.aiff *.mka *.webm *.caf);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>lemm::ui::VoteBar</name>
    <message>
        <location filename="../ui/vote_bar.cpp" line="+15"/>
        <source>Approve</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs more info</source>
        <translation>Mehr Informationen nötig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Note (required to reject or ask for more information)</source>
        <translation>Notiz (nötig zum Ablehnen oder für Rückfragen)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Approval</source>
        <translation>Zustimmung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejection</source>
        <translation>Ablehnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Needs more info”</source>
        <translation>„Mehr Informationen nötig“</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>%1 sent in %2 s — Undo (Ctrl+Z)</source>
        <translation>%1 wird in %2 s gesendet — Rückgängig (Ctrl+Z)</translation>
    </message>
</context>
<context>
    <name>lemm::ui::WaveformView</name>
    <message>
        <location filename="../ui/waveform_view.cpp" line="+71"/>
        <source>%1 – %2 in this track</source>
        <translation>%1 – %2 in diesem Titel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 – %2 in the reference</source>
        <translation>%1 – %2 in der Referenz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>score %1</source>
        <translation>Ähnlichkeit %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>time %1</source>
        <translation>Zeit %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pitch %1</source>
        <translation>Tonhöhe %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not a match (listed only)</source>
        <translation>kein Treffer (nur aufgeführt)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+65"/>
        <source>Waveform</source>
        <translation>Wellenform</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waveform: %1</source>
        <translation>Wellenform: %1</translation>
    </message>
    <message>
        <location line="+335"/>
        <source>0 dB</source>
        <translation>0 dB</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 Hz</source>
        <translation>%1 Hz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 kHz</source>
        <translation>%1 kHz</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="+27"/>
        <source>LEMM Vault desktop client.</source>
        <translation>LEMM-Vault-Desktop-Client.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server URL to connect to.</source>
        <translation>Server-URL, mit der verbunden wird.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log in as this account at start-up; the password is read from the LEMM_PASSWORD environment variable.</source>
        <translation>Beim Start mit diesem Konto anmelden; das Passwort kommt aus der Umgebungsvariablen LEMM_PASSWORD.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Directory of the offline cache (default: the user&apos;s cache directory).</source>
        <translation>Verzeichnis des Offline-Speichers (Standard: das Cache-Verzeichnis des Benutzers).</translation>
    </message>
</context>
</TS>
