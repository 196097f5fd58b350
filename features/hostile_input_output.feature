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

  Scenario: An error that quotes someone's input stays one line, with nothing live in it
    When rashad runs `show "nowhere\n\x1b[2Jnewsroom: all clear"`, the escapes in it read as characters
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere\x0a\x1b[2Jnewsroom: all clear."
    And nothing in the output would steer a terminal
