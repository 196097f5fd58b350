Feature: Hostile input
  Whatever a person types, pastes or points a command at, the newsroom checks it at
  the door: a control character in any text, a body past the body limit, an endless
  file, a number past what the store can hold, a time outside the years 1900 to 2200,
  a malformed id or a bad setting is refused with exit code 2, in one line that names
  what is wrong and where, and nothing is written.

  Headlines, bodies, captions, names and a hook's errors are whatever someone typed,
  imported or wrote into the database. The newsroom shows them as text: what looks like
  markup (`[bold]`, `[/]`) is printed as it is, and a character that would steer the
  terminal (ESC and the sequences it starts, BEL, DEL, the C1 controls, a bidirectional
  override) is shown by its code, as `\x1b`, never obeyed. JSON output stays exact JSON,
  and HTML and feeds stay escaped and valid. In these scenarios, `\x1b` in a quoted text
  is the character itself where text goes into the log, and its four characters where
  text is shown.

  Nothing newsroom reads is trusted: not a photo a reporter brings, not an export file,
  not a log that someone holding the database wrote behind newsroom's back. A photo is
  decoded whole before it is accepted; an export is refused at the first damaged line;
  ids and hashes from the log never place a file outside the folder it belongs in; and
  what goes out to readers never carries what a camera wrote about its owner.

  Background:
    Given the newsroom staff:
      | name      | role      |
      | umud      | chief     |
      | aysel     | reporter  |
      | rashad    | reporter  |
      | kamran    | editor    |
      | leyla     | editor    |
      | scheduler | scheduler |
    And the clock reads "10:00 14.11.2024"

  Rule: At the door, every input is checked before anything is written

    Scenario: A control character in a headline is refused, naming where it is
      When aysel runs `draft --headline "Snow ␛[31min Baku" --category Society --id snow` where "␛" stands for the control character U+001B
      Then it is refused with exit code 2
      And the error is one line mentioning "--headline has a control character U+001B at position 5; remove it."
      And nothing was written

    Scenario: A control character in a photo's caption is refused and no copy is kept
      Given aysel has drafted article snow headlined "Snow in Baku"
      And a JPEG image "snow.jpg"
      When aysel runs `photo add snow snow.jpg --caption "Baku␛]8;;http://evil.example␛\ in snow"` where "␛" stands for the control character U+001B
      Then it is refused with exit code 2
      And the error is one line mentioning "--caption has a control character U+001B at position 4"
      And nothing was written
      And the media folder is empty

    Scenario: A control character in a reason is refused
      Given article snow is in review
      When kamran runs `request-changes snow --reason "Check the figures␇"` where "␇" stands for the control character U+0007
      Then it is refused with exit code 2
      And the error is one line mentioning "--reason has a control character U+0007 at position 17"
      And nothing was written

    Scenario: A body keeps its line breaks
      Given aysel has drafted article snow headlined "Snow in Baku"
      When aysel runs `revise snow --body "Schools are closed.⏎Buses run late."` where "⏎" stands for the control character U+000A
      Then the command succeeds
      And the log gained ArticleRevised

    Scenario: A body exactly at the body limit is taken
      Given NEWSROOM_BODY_LIMIT is set to "16"
      When aysel runs `draft --headline "Snow in Baku" --category Society --body "Snow fell today." --id snow`
      Then the command succeeds
      And article snow shows body "Snow fell today."

    Scenario: A body one byte over the body limit is refused
      Given NEWSROOM_BODY_LIMIT is set to "16"
      When aysel runs `draft --headline "Snow in Baku" --category Society --body "Snow fell today!!" --id snow`
      Then it is refused with exit code 2
      And the error is one line mentioning "--body is longer than the body limit of 16 bytes (NEWSROOM_BODY_LIMIT)"
      And nothing was written

    Scenario: An endless body file is read only up to the body limit, then refused
      When aysel runs `draft --headline "Snow in Baku" --category Society --body-file /dev/zero --id snow`
      Then it is refused with exit code 2
      And the error is one line mentioning "--body-file /dev/zero is longer than the body limit of 1048576 bytes"
      And nothing was written

    Scenario: A limit past what the store can count is refused, not an internal error
      Given aysel has drafted article snow headlined "Snow in Baku"
      When kamran runs `log --limit 9223372036854775808`
      Then it is refused with exit code 2
      And the error is one line mentioning "less than or equal to 9223372036854775807"

    Scenario: The largest limit the store can count is taken
      Given aysel has drafted article snow headlined "Snow in Baku"
      When kamran runs `log --limit 9223372036854775807 --stream snow`
      Then the command succeeds
      And one line of the output mentions "ArticleDrafted"

    Scenario Outline: A time outside the years 1900 to 2200 is refused
      Given article snow is approved
      When kamran runs `<command>`
      Then it is refused with exit code 2
      And the error is one line mentioning "a time must fall in the years 1900 to 2200"
      And nothing was written

      Examples:
        | command                                      |
        | publish snow --at "10:00 01.01.1000"         |
        | show snow --as-of "1899-12-31T23:59:59Z"     |
        | log --since "2201-01-01T00:00:00+04:00"      |

    Scenario Outline: A malformed article id is bad input, wherever it is given
      Given aysel has drafted article snow headlined "Snow in Baku"
      When kamran runs `<command>`
      Then it is refused with exit code 2
      And the error is one line mentioning "is not valid: use lower-case letters, digits and dashes"
      And nothing was written

      Examples:
        | command                    |
        | show "Snow Day"            |
        | history ../etc/passwd      |
        | diff SNOW 1 2              |
        | prove snow_day             |
        | submit "snow; rm -rf /"    |

    Scenario: A well-formed article id that names no article is not found
      When kamran runs `history nowhere`
      Then it is refused with exit code 3
      And the error is one line mentioning "There is no article nowhere"

    Scenario: An export range upside down is refused instead of printing nothing
      Given aysel has drafted article snow headlined "Snow in Baku"
      When umud runs `export --from 30 --until 20`
      Then it is refused with exit code 2
      And the error is one line mentioning "--until 20 comes before --from 30: the range selects nothing."

    Scenario Outline: A bad NEWSROOM_BODY_LIMIT is refused before anything is read or written
      Given aysel has drafted article snow headlined "Snow in Baku"
      And NEWSROOM_BODY_LIMIT is set to "<value>"
      When aysel runs `revise snow --body "Heavy snow."`
      Then it is refused with exit code 2
      And the error is one line mentioning "NEWSROOM_BODY_LIMIT must be a whole number from 1 to 67108864, not '<value>'."
      And nothing was written

      Examples:
        | value                |
        | nan                  |
        | inf                  |
        | -1                   |
        | 0                    |
        | 1MB                  |
        | 99999999999999999999 |

  Rule: What the newsroom prints is inert, files are never destroyed, and a store that can only be read still serves reads

    # --- output is inert -----------------------------------------------------------------

    Scenario Outline: A headline that looks like markup is printed as it is
      Given article budget headlined "Budget [/] talks [bold]end[/bold]" is published
      When rashad runs `<command>`
      Then the command succeeds
      And the output shows "Budget [/] talks [bold]end[/bold]"

      Examples:
        | command        |
        | list           |
        | history budget |
        | show budget    |
        | ticker         |

    Scenario Outline: Escape sequences in a headline are shown, not obeyed
      Given article storm headlined "Storm warning" is published
      And the log holds "Storm \x1b]0;pwned\x07warning\x1b[2J\x7f\x9b1m" in place of "Storm warning" in every event of article storm, each signed again by its actor, and the views rebuilt from it
      When rashad runs `<command>`
      Then the command succeeds
      And the output shows "Storm \x1b]0;pwned\x07warning\x1b[2J\x7f\x9b1m"
      And nothing in the output would steer a terminal

      Examples:
        | command                |
        | list                   |
        | history storm          |
        | show storm             |
        | ticker                 |
        | ticker --format html   |
        | ticker --format rss    |
        | ticker --format atom   |

    Scenario: Lint names the hidden characters and prints none of them
      Given article storm headlined "Storm warning" is published
      And the log holds "Storm \x1b]0;pwned\x07warning" in place of "Storm warning" in every event of article storm, each signed again by its actor, and the views rebuilt from it
      When rashad runs `lint storm`
      Then the command succeeds
      And the output shows "an invisible or control character (U+001B) at 6"
      And nothing in the output would steer a terminal

    Scenario Outline: A body that would hide or overwrite text is shown whole
      Given aysel has run `draft --id calm --headline "Calm" --category Society --body "Calm seas today."`
      And aysel has run `revise calm --body "Rough seas today.\nSecond line."`
      And the log holds "Rough \x1b[8mhidden\x1b[0m seas\r\x1b[2K" in place of "Rough seas" in every event of article calm, each signed again by its actor, and the views rebuilt from it
      When rashad runs `<command>`
      Then the command succeeds
      And the output shows "Rough \x1b[8mhidden\x1b[0m seas\x0d\x1b[2K today."
      And nothing in the output would steer a terminal

      Examples:
        | command       |
        | show calm     |
        | diff calm 1 2 |

    Scenario: A photo caption with escape sequences is shown, not obeyed
      Given a JPEG image "harbour.jpg"
      And aysel has run `draft --id calm --headline "Calm" --category Society`
      And aysel has run `photo add calm harbour.jpg --caption "The harbour" --credit "R. Aliyev"`
      And the log holds "The \x9b2J\x1b]8;;http://evil.example/\x07harbour" in place of "The harbour" in every event of article calm, each signed again by its actor, and the views rebuilt from it
      When rashad runs `show calm`
      Then the command succeeds
      And the output shows "The \x9b2J\x1b]8;;http://evil.example/\x07harbour — R. Aliyev"
      And nothing in the output would steer a terminal

    Scenario: A hook's error is shown, not obeyed
      Given hooks try each delivery 1 times, 0.01 s apart at first
      And a hook program $loud that fails, saying "\x1b]0;pwned\x07down\x1b[2J"
      And umud has run `hooks add wire --on ArticlePublished --exec "$loud"`
      And article storm is published
      And umud has run `hooks run`
      When umud runs `hooks dead-letters`
      Then the command succeeds
      And the output shows "exited with 1: \x1b]0;pwned\x07down\x1b[2J"
      And nothing in the output would steer a terminal

    Scenario: JSON output stays exact JSON, with nothing raw in it
      Given article storm headlined "Storm warning" is published
      And the log holds "Storm \x1b]0;pwned\x07warning\x9b\u202e" in place of "Storm warning" in every event of article storm, each signed again by its actor, and the views rebuilt from it
      When rashad runs `show storm --json`
      Then the command succeeds
      And the JSON output's headline is exactly "Storm \x1b]0;pwned\x07warning\x9b\u202e"
      And nothing in the output would steer a terminal

    Scenario Outline: An error that quotes someone's input stays one line, with nothing live in it
      When umud runs `<command>`, the escapes in it read as characters
      Then it is refused with exit code 2
      And the error is one line mentioning "<mention>"
      And nothing in the output would steer a terminal

      Examples:
        | command                                         | mention                                                                      |
        | import "lost\n\x1b[2Jnewsroom: all clear.jsonl" | There is no file lost\x0a\x1b[2Jnewsroom: all clear.jsonl.                   |
        | export "lost\n\x1b]0;pwned\x07/day.jsonl"       | Cannot write lost\x0a\x1b]0;pwned\x07/day.jsonl: there is no folder lost\x0a |

    # --- files are never destroyed ------------------------------------------------------
    # The log: 1-7 the staff (2 the log key).

    Scenario Outline: An export never writes over the store it reads, however it is named
      Given "another-name.db" is another name for the store's file
      When rashad runs `export <file> --force`
      Then it is refused with exit code 2
      And the error is one line mentioning "is the store this command reads"
      And nothing was written
      And no partial file was left behind

      Examples:
        | file                    |
        | newsroom.db             |
        | ./media/../newsroom.db  |
        | newsroom.db-wal         |
        | another-name.db         |

    Scenario: An export does not replace a file that is there
      Given a text file "day.jsonl" containing "yesterday's export"
      When rashad runs `export day.jsonl`
      Then it is refused with exit code 2
      And the error is one line mentioning "day.jsonl already exists; give --force to replace it."
      And the file "day.jsonl" still holds "yesterday's export"
      And no partial file was left behind

    Scenario: With --force, an export replaces a regular file, whole
      Given a text file "day.jsonl" containing "yesterday's export"
      When rashad runs `export day.jsonl --force`
      Then the command succeeds, saying on stderr "Exported 7 events to day.jsonl."
      And the file "day.jsonl" holds exactly what `export` prints
      And no partial file was left behind

    Scenario Outline: An export is never written into what is not a regular file, even with --force
      Given <what is there>
      When rashad runs `export <file> --force`
      Then it is refused with exit code 2
      And the error is one line mentioning "<file> is <kind>, not a file"
      And "<file>" is still <kind>
      And no partial file was left behind

      Examples:
        | what is there                                  | file         | kind            |
        | a folder "site"                                | site         | a folder        |
        | a symbolic link "latest.jsonl" to "day.jsonl"  | latest.jsonl | a symbolic link |
        | a named pipe "feed"                            | feed         | a named pipe    |

    Scenario: An export refuses a device
      When rashad runs `export /dev/null --force`
      Then it is refused with exit code 2
      And the error is one line mentioning "/dev/null is a device, not a file"

    Scenario: An export into a folder that does not exist
      When rashad runs `export archive/day.jsonl`
      Then it is refused with exit code 2
      And the error is one line mentioning "there is no folder archive"
      And there is no folder "archive"

    Scenario: - is standard output
      When rashad runs `export -`
      Then the command succeeds
      And the output is JSON Lines: every event of the log in commit order, then the closing line
      And there is no file "-"

    Scenario: A checkpoint is written to a new file, and replaces one only with --force
      Given umud has run `checkpoint --out cp.txt`
      And umud has run `checkpoint --out cp.txt --force`
      When umud runs `checkpoint --out cp.txt`
      Then it is refused with exit code 2
      And the error is one line mentioning "cp.txt already exists; give --force to replace it."
      And no partial file was left behind

    Scenario: A checkpoint never writes over the store
      When umud runs `checkpoint --out newsroom.db --force`
      Then it is refused with exit code 2
      And the error is one line mentioning "newsroom.db is the store this command reads"
      And nothing was written

    # --- a refused init leaves nothing behind --------------------------------------------

    Scenario Outline: A refused init leaves no store behind
      Given a folder "keys"
      When umud runs `init --store sqlite:///fresh.db <options>`
      Then it is refused with exit code <code>
      And the error is one line mentioning "<mention>"
      And there is no store "fresh.db"

      Examples:
        | options                                   | code | mention                          |
        | --public-key "ssh-ed25519 AAAAnotakey"    | 2    | is not usable                    |
        | --public-key nowhere.pub                  | 2    | there is no such file            |
        | --key nowhere.key                         | 5    | There is no key at               |
        | --chief "Bad Name!"                       | 2    | is not valid                     |
        | --log-key keys                            | 2    | is not a file                    |

    Scenario Outline: init refuses a store it could not keep, and makes nothing
      Given a folder "archive"
      When umud runs `init --store <url>`
      Then it is refused with exit code 2
      And the error is one line mentioning "<mention>"
      And the folder "archive" is still empty
      And there is no folder "nowhere"

      Examples:
        | url                               | mention                     |
        | sqlite:///:memory:                | is a store in memory        |
        | sqlite://                         | is a store in memory        |
        | sqlite:///nowhere/newsroom.db     | there is no folder          |
        | sqlite:///archive                 | is a folder, not a newsroom |

    # --- stores that can only be read ----------------------------------------------------

    Scenario: An auditor's read-only snapshot serves every read as the store does
      Given article snow headlined "Snow in Baku" is published
      And aysel has run `draft --id rain --headline "Rain tomorrow" --category Society`
      And an auditor's copy "snapshot/newsroom.db" of the store, in a folder that can only be read
      Then the store "snapshot/newsroom.db" prints what the newsroom's own store prints for:
        | command           |
        | show snow         |
        | list              |
        | ticker            |
        | history snow      |
        | log               |
        | verify            |
        | export            |
        | lint snow         |
        | staff list        |
        | diff snow 1 4     |
      And the store "snapshot/newsroom.db" is byte for byte as it was copied

    Scenario: A read-only snapshot taken before the views caught up is read from its log
      Given article snow headlined "Snow in Baku" is approved
      And aysel has run `draft --id rain --headline "Rain tomorrow" --category Society`, and the newsroom stopped before bringing its views up to date
      And kamran has run `publish snow`, and the newsroom stopped before bringing its views up to date
      And an auditor's copy "snapshot/newsroom.db" of the store, in a folder that can only be read
      Then the store "snapshot/newsroom.db" prints what the newsroom's own store prints for:
        | command           |
        | show snow         |
        | list              |
        | ticker            |
        | history snow      |
        | log               |
        | export            |
        | lint snow         |
      And the store "snapshot/newsroom.db" is byte for byte as it was copied

    Scenario: A read-only snapshot whose views an older newsroom built is read from its log
      Given article snow headlined "Snow in Baku" is published
      And the store's views were built by an older newsroom, to another layout
      And an auditor's copy "snapshot/newsroom.db" of the store, in a folder that can only be read
      Then the store "snapshot/newsroom.db" prints what the newsroom's own store prints for:
        | command           |
        | show snow         |
        | list              |
        | ticker            |
        | history snow      |
      And the store "snapshot/newsroom.db" is byte for byte as it was copied

    Scenario: verify on a snapshot whose views lag says where it compared them
      Given article snow headlined "Snow in Baku" is approved
      And kamran has run `publish snow`, and the newsroom stopped before bringing its views up to date
      And an auditor's copy "snapshot/newsroom.db" of the store, in a folder that can only be read
      When rashad runs `verify --store sqlite:///snapshot/newsroom.db`
      Then the command succeeds
      And the output says "Every projection matches a fresh rebuild up to position 10, where its tables stand; the store can only be read, so reads fold the event after it from the log."
      And the store "snapshot/newsroom.db" is byte for byte as it was copied

    Scenario: Asking for read-only gets read-only, even where the store could be written
      Given article snow headlined "Snow in Baku" is approved
      And kamran has run `publish snow`, and the newsroom stopped before bringing its views up to date
      And an auditor's copy "copy/newsroom.db" of the store
      When rashad runs `ticker --store "sqlite:///copy/newsroom.db?mode=ro"`
      Then the command succeeds
      And the output says "Snow in Baku"
      And the store "copy/newsroom.db" is byte for byte as it was copied

    Scenario Outline: A write on a store that can only be read is refused, and writes nothing
      Given article snow is in review
      And an auditor's copy "snapshot/newsroom.db" of the store, in a folder that can only be read
      When <person> runs `<command> --store sqlite:///snapshot/newsroom.db`
      Then it is refused with exit code 2
      And the error is one line mentioning "is read-only"
      And the store "snapshot/newsroom.db" is byte for byte as it was copied

      Examples:
        | person | command                                           |
        | aysel  | draft --headline "Rain" --category Society        |
        | kamran | approve snow                                      |
        | umud   | staff add newcomer --role reporter                |
        | umud   | rebuild                                           |
        | umud   | checkpoint                                        |
        | umud   | hooks run                                         |

  Rule: Nothing the newsroom reads is trusted: photos, exports, the log itself

    Background:
      Given aysel has drafted article snow headlined "Snow in Baku"

    # --- photos a reporter brings --------------------------------------------------------

    Scenario: Half a JPEG is refused, with the reason
      Given a JPEG image "snow.jpg" cut off halfway
      When aysel runs `photo add snow snow.jpg`
      Then it is refused with exit code 2
      And the error is one line mentioning "snow.jpg is a damaged image: image file is truncated"
      And nothing was written
      And the media folder is empty

    Scenario: A decompression bomb is refused as too large, not as damaged
      Given a PNG image "bomb.png" claiming 40000 by 40000 pixels in a few bytes
      When aysel runs `photo add snow bomb.png`
      Then it is refused with exit code 2
      And the error is one line mentioning "bomb.png has too many pixels"
      And nothing was written
      And the media folder is empty

    # --- damaged exports -------------------------------------------------------------------
    # The log: 1-7 the staff (2 the log key); 8 snow drafted; 9 its photo; line 10 closes.

    Scenario: Bytes that are not text in an export
      Given the log of snow with a photo has been exported to "day.jsonl"
      And binary bytes have been written over line 8 of "day.jsonl"
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 8 of the export is not UTF-8 text"
      And there is no store "restored.db"

    Scenario: A byte that is not UTF-8 inside a headline
      Given the log of snow with a photo has been exported to "day.jsonl"
      And a byte that is not UTF-8 has been put into "Snow in Baku" on line 8 of "day.jsonl"
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 8 of the export is not UTF-8 text"
      And there is no store "restored.db"

    Scenario: A line repeated
      Given the log of snow with a photo has been exported to "day.jsonl"
      And line 5 of "day.jsonl" has been repeated
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 6 of the export does not verify at position 5: reordered"
      And there is no store "restored.db"

    Scenario: The last line has lost its end
      Given the log of snow with a photo has been exported to "day.jsonl"
      And the last line of "day.jsonl" has lost its end of line
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 10 of the export stops before its end"
      And there is no store "restored.db"

    Scenario: A line that is JSON but not an event
      Given the log of snow with a photo has been exported to "day.jsonl"
      And line 8 of "day.jsonl" has been replaced by "[8, 9]"
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 8 of the export is not an event envelope"
      And there is no store "restored.db"

    Scenario: A position that is text
      Given the log of snow with a photo has been exported to "day.jsonl"
      And the position on line 9 of "day.jsonl" has been written as text
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 9 of the export has a malformed global_position"
      And there is no store "restored.db"

    Scenario: A photo's width as text, signed anew by its own reporter
      Given the log of snow with a photo has been exported to "day.jsonl"
      And someone holding aysel's key has set width to "800" in line 9 of "day.jsonl" and signed it anew
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 9 of the export does not verify at position 9: unlawful (its data is not a valid PhotoAdded (width: Input should be a valid integer))"
      And there is no store "restored.db"

    Scenario: A photo's hash that would lead out of the media folder, signed anew
      Given the log of snow with a photo has been exported to "day.jsonl"
      And someone holding aysel's key has set sha256 to "../../../etc/passwd" in line 9 of "day.jsonl" and signed it anew
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "not a valid PhotoAdded (sha256: String should match pattern"
      And there is no store "restored.db"

    Scenario: An event type nobody knows, signed anew
      Given the log of snow with a photo has been exported to "day.jsonl"
      And someone holding aysel's key has renamed the event of line 9 of "day.jsonl" to PhotoStolen and signed it anew
      When umud runs `import day.jsonl --store sqlite:///restored.db`
      Then it is refused with exit code 7
      And the error is one line mentioning "Line 9 of the export does not verify at position 9: unlawful (its data is not a valid PhotoStolen (no such event type))"
      And there is no store "restored.db"

    # --- a log written behind newsroom's back -----------------------------------------------

    Scenario: An article id from the database never places a page outside the site
      Given a database writer has published an article with the id "../../outside"
      When kamran runs `site build public/site`
      Then it is refused with exit code 7
      And the error is one line mentioning "'../../outside', which cannot be a file name"
      And there is no folder "public"
      And there is no file "outside.html" anywhere in the newsroom's folder

    Scenario: A photo hash from the database is refused wherever the log is read
      Given a database writer has added a photo to snow with the hash "../../../../etc/passwd"
      When kamran runs `show snow`
      Then it is refused with exit code 7
      And the error is one line mentioning "its data is not a valid PhotoAdded (sha256: String should match pattern"

    # --- the media folder ---------------------------------------------------------------------

    Scenario: Published photos carry no private metadata
      Given a JPEG image "source.jpg" from a source's camera, with a GPS position, its serial number, an author, an XMP creator, and the desk's caption and copyright
      And aysel has added photo "source.jpg" to article snow
      And aysel has run `submit snow`
      And kamran has run `approve snow`
      And kamran has run `publish snow`
      When kamran runs `site build site`
      Then the command succeeds
      And the site's copy of "source.jpg" has no GPS position, serial number, author or XMP creator
      And the site's copy of "source.jpg" keeps its orientation, caption and copyright
      And the site's copy of "source.jpg" is a file of its own, not a link
      And the media folder holds "source.jpg" exactly as it was added

    Scenario: A symbolic link in the media folder is refused, not followed
      Given a JPEG image "snow.jpg"
      And aysel has added photo "snow.jpg" to article snow
      And aysel has run `submit snow`
      And kamran has run `approve snow`
      And kamran has run `publish snow`
      And the media file of "snow.jpg" has been replaced by a link to a private copy
      When kamran runs `site build site`
      Then it is refused with exit code 7
      And the error is one line mentioning "is a symbolic link, which newsroom never follows"
      And there is no folder "site"

    Scenario: verify --media finds every media file that is not what the log says
      Given a JPEG image "square.jpg"
      And a PNG image "tower.png"
      And a WEBP image "coast.webp"
      And aysel has added photo "square.jpg" to article snow
      And aysel has added photo "tower.png" to article snow
      And aysel has added photo "coast.webp" to article snow
      And the media folder has lost "square.jpg"
      And the media file of "tower.png" has been retouched
      When rashad runs `verify --media`
      Then it is refused with exit code 7
      And the error is one line mentioning "is missing (photo"
      And the error is one line mentioning "from square.jpg, in snow); and 1 more media file not as the log says"

    Scenario: verify --media on a media folder that is as the log says
      Given a JPEG image "square.jpg"
      And aysel has added photo "square.jpg" to article snow
      When rashad runs `verify --media`
      Then the command succeeds
      And the output says "Every one of the 1 media files the log names is as added."
