Feature: Hostile input
  Headlines, bodies, captions, names and a hook's errors are whatever someone typed,
  imported or wrote into the database. The newsroom shows them as text: what looks like
  markup (`[bold]`, `[/]`) is printed as it is, and a character that would steer the
  terminal (ESC and the sequences it starts, BEL, DEL, the C1 controls, a bidirectional
  override) is shown by its code, as `\x1b`, never obeyed. JSON output stays exact JSON,
  and HTML and feeds stay escaped and valid. In these scenarios, `\x1b` in a quoted text
  is the character itself where text goes into the log, and its four characters where
  text is shown.

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
