Feature: Profiles
  A person who works on more than one desk keeps each desk's store, name, key and
  time zone as a named profile in ~/.config/newsroom/config.toml, and picks one with
  --profile NAME or NEWSROOM_PROFILE. What the command line says beats the variables,
  the variables beat the profile, and the profile beats the defaults.

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
    And aysel has drafted article snow headlined "Snow in Baku"
    And the config file holds:
      """
      default = "desk"

      [profiles.desk]
      store = "sqlite:///$WORKDIR/newsroom.db"
      tz = "UTC"

      [profiles.wire]
      store = "sqlite:///$WORKDIR/wire.db"
      tz = "Asia/Baku"

      [profiles.server]
      store = "postgresql+psycopg://kamran:s3cret@127.0.0.1:1/newsroom"
      actor = "kamran"
      """
    And NEWSROOM_STORE is unset
    And NEWSROOM_TZ is unset

  Scenario: The default profile is the one taken when none is named
    When rashad runs `history snow`
    Then the command succeeds
    And one line of the output mentions "06:00 14.11.2024", "aysel", "ArticleDrafted"

  Scenario: A profile named on the command line is the one taken
    When rashad runs `--profile wire staff list`
    Then it is refused with exit code 2
    And the error is one line mentioning "wire.db"

  Scenario: A profile named in NEWSROOM_PROFILE is the one taken
    Given NEWSROOM_PROFILE is "wire"
    When rashad runs `staff list`
    Then it is refused with exit code 2
    And the error is one line mentioning "wire.db"

  Scenario: A variable beats the profile, and the command line beats both
    Given NEWSROOM_TZ is "Asia/Baku"
    And NEWSROOM_STORE is "sqlite:///nowhere.db"
    When rashad runs `--store sqlite:///newsroom.db history snow`
    Then the command succeeds
    And one line of the output mentions "10:00 14.11.2024", "aysel", "ArticleDrafted"

  Scenario: The profiles are listed with the default marked and no password shown
    When rashad runs `profiles --json`
    Then the command succeeds
    And the JSON output has default "desk"
    And the JSON output's profiles are:
      | name   | default | tz        | actor  |
      | desk   | True    | UTC       |        |
      | wire   | False   | Asia/Baku |        |
      | server | False   |           | kamran |
    And the output says "postgresql+psycopg://kamran:***@127.0.0.1:1/newsroom"
    And the output does not say "s3cret"

  Scenario: A table of the profiles for a person at a terminal
    When rashad runs `profiles`
    Then the command succeeds
    And one line of the output mentions "server", "kamran:***@127.0.0.1:1", "kamran"
    And the output does not say "s3cret"

  Scenario: A store that cannot be reached is named without the profile's password
    When rashad runs `--profile server list`
    Then it is refused with exit code 2
    And the error is one line mentioning "Cannot connect to the store postgresql+psycopg://kamran:***@127.0.0.1:1/newsroom"
    And the error does not say "s3cret"

  Scenario: No profiles to list without a config file
    Given XDG_CONFIG_HOME is "$WORKDIR/elsewhere"
    When rashad runs `profiles`
    Then the command succeeds
    And the output says "No profiles: the config file"
    And the output says "elsewhere/newsroom/config.toml is not there."

  Scenario: A profile that is not in the file is refused, naming the ones that are
    When rashad runs `--profile sport list`
    Then it is refused with exit code 2
    And the error is one line mentioning "profile 'sport' is not there; the profiles are desk, server, wire"
    And nothing was written

  Scenario: A profile asked for with no config file at all
    Given XDG_CONFIG_HOME is "$WORKDIR/elsewhere"
    When rashad runs `--profile desk list`
    Then it is refused with exit code 2
    And the error is one line mentioning "No profile 'desk': there is no config file"
    And the error is one line mentioning "elsewhere/newsroom/config.toml"

  Scenario: No config file and no profile asked for is no problem
    Given XDG_CONFIG_HOME is "$WORKDIR/elsewhere"
    And NEWSROOM_STORE is "sqlite:///newsroom.db"
    When rashad runs `history snow`
    Then the command succeeds

  Scenario: A config file that is not valid TOML is refused with its line
    Given the config file holds:
      """
      [profiles.desk]
      store = sqlite:///newsroom.db
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "config.toml is not valid TOML"
    And the error is one line mentioning "line 2"

  Scenario: A key a profile cannot hold is refused, naming the keys it can
    Given the config file holds:
      """
      [profiles.desk]
      stor = "sqlite:///newsroom.db"
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "unknown key 'stor' in profile 'desk'; the keys are store, actor, key, tz"

  Scenario: A setting outside the profiles is refused
    Given the config file holds:
      """
      store = "sqlite:///newsroom.db"
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "unknown setting 'store'; the file holds default and [profiles.NAME]"

  Scenario: A value of the wrong type is refused
    Given the config file holds:
      """
      [profiles.desk]
      tz = 4
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "tz in profile 'desk' must be text in quotes, not 4"

  Scenario: A time zone that does not exist is refused when the file is read
    Given the config file holds:
      """
      [profiles.desk]
      tz = "Asia/Bakuu"
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "unknown time zone 'Asia/Bakuu' in profile 'desk'"

  Scenario: A default that names no profile is refused
    Given the config file holds:
      """
      default = "sport"

      [profiles.desk]
      tz = "UTC"
      """
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "default names profile 'sport', which is not there; the profiles are desk"

  Scenario: A store password in a file others can read is refused
    Given the config file can be read by others
    When rashad runs `list`
    Then it is refused with exit code 2
    And the error is one line mentioning "holds a store password and others may read it; run `chmod 600"
    And nothing was written
