Feature: Export and import
  The log leaves the newsroom as JSON Lines: one event envelope per line, hashes
  included, in commit order, then one closing line {"newsroom_export": {...}} that
  counts the events and names the last hash. `import` loads such a file into an
  empty or missing store after verifying all of it: a copy reads exactly like the
  original, and a damaged, cut or partial file is refused before anything is
  written.

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
    And aysel has run `draft --headline "Snow in Bakku" --category Society --body "Snow fell." --id snow`
    And aysel has run `revise snow --body "Snow fell overnight."`
    And aysel has run `submit snow`
    And the clock reads "11:00 14.11.2024"
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And the clock reads "12:00 14.11.2024"
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    And a JPEG image "stadium.jpg"
    And aysel has run `draft --headline "Bakıda yeni stadion" --category Sports --language az --id stadion`
    And aysel has run `photo add stadion stadium.jpg --caption "Yeni stadion" --credit "R. Aliyev"`
    And aysel has run `submit stadion`
    And the clock reads "13:00 14.11.2024"

  # The log: 1-7 the staff (2 the log key); 8-13 snow drafted, revised, submitted,
  # approved, published, corrected; 14-16 stadion drafted, photo added, submitted.

  Scenario: The log as JSON Lines on standard output
    When rashad runs `export`
    Then the command succeeds
    And the output is JSON Lines: every event of the log in commit order, then the closing line

  Scenario: The log exported to a file
    When rashad runs `export day.jsonl`
    Then the command succeeds, saying on stderr "Exported 16 events to day.jsonl."
    And the file "day.jsonl" holds exactly what `export` prints
    And nothing was written

  Scenario: Part of the log, between two positions
    When rashad runs `export --from 9 --until 11`
    Then the command succeeds
    And the output is JSON Lines: the events at positions 9 to 11, then the closing line

  Scenario: An import into a store that does not exist yet is a faithful copy
    Given rashad has run `export day.jsonl`
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then the command succeeds
    And the output says "Imported 16 events; head 16:"
    And exporting the store "restored.db" gives "day.jsonl" byte for byte
    And the store "restored.db" prints what the newsroom's own store prints for:
      | command                   |
      | ticker                    |
      | ticker --json             |
      | show snow                 |
      | show snow --json          |
      | show stadion              |
      | show stadion --json       |
      | list                      |
      | list --json               |
      | history snow              |
      | history stadion --json    |
      | staff list                |
      | log --json                |
      | show snow --as-of "#11"   |
      | diff snow 1 6             |
    And nothing was written

  Scenario: The copy verifies, with the original's head
    Given rashad has run `export day.jsonl`
    And umud has run `import day.jsonl --store sqlite:///restored.db`
    And rashad has run `verify` and noted its head as $original
    When rashad runs `verify --store sqlite:///restored.db --against $original`
    Then the command succeeds
    And the output says "The log is intact: 16 events"
    And the output says "Every projection matches a fresh rebuild."

  Scenario: An import into an empty database file
    Given rashad has run `export day.jsonl`
    And an empty file "empty.db"
    When umud runs `import day.jsonl --store sqlite:///empty.db`
    Then the command succeeds
    And exporting the store "empty.db" gives "day.jsonl" byte for byte

  Scenario: An edited line is refused
    Given rashad has run `export day.jsonl`
    And someone has changed "Snow fell overnight." to "Snow fell at noon." in line 9 of "day.jsonl"
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 9: changed"
    And there is no store "restored.db"

  Scenario: A file cut off in the middle of a line is refused
    Given rashad has run `export day.jsonl`
    And "day.jsonl" has been cut off in the middle of line 11
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 11 of the export is not JSON"
    And there is no store "restored.db"

  Scenario: A file whose last lines were dropped is refused
    Given rashad has run `export day.jsonl`
    And the last 2 lines of "day.jsonl" have been dropped
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "cut short"
    And there is no store "restored.db"

  Scenario: A file missing its last event, closing line kept, is refused
    Given rashad has run `export day.jsonl`
    And line 16 of "day.jsonl" has been deleted
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "promises 16 events, the file holds 15"
    And there is no store "restored.db"

  Scenario: A file missing an event in the middle is refused
    Given rashad has run `export day.jsonl`
    And line 10 of "day.jsonl" has been deleted
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 10: missing"
    And there is no store "restored.db"

  Scenario: Part of a log cannot be imported on its own
    Given rashad has run `export part.jsonl --from 9`
    When umud runs `import part.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 1: missing"
    And there is no store "restored.db"

  Scenario: A damaged file leaves an empty database file empty
    Given rashad has run `export day.jsonl`
    And someone has changed "Snow in Baku" to "Snow in Moscow" in line 13 of "day.jsonl"
    And an empty file "empty.db"
    When umud runs `import day.jsonl --store sqlite:///empty.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "position 13: changed"
    And the file "empty.db" is still empty

  Scenario: An import into a store that already has events
    Given rashad has run `export day.jsonl`
    When umud runs `import day.jsonl`
    Then it is refused with exit code 2
    And the error is one line mentioning "already holds 16 events"
    And nothing was written

  Scenario: An import of a file that is not there
    When umud runs `import nowhere.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 2
    And the error is one line mentioning "nowhere.jsonl"
    And there is no store "restored.db"
