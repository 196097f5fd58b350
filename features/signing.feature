Feature: Signing keys
  Every act in the newsroom is to be signed by the person who does it, with their own
  Ed25519 key in OpenSSH's format: one the newsroom makes, or one they already have
  from `ssh-keygen`. The key in use is --key PATH, else NEWSROOM_KEY, else
  ~/.config/newsroom/key; a key under a passphrase takes it from
  NEWSROOM_KEY_PASSPHRASE, or asks for it at a terminal.

  Scenario: A reporter makes a key and sees its public line
    When aysel runs `keys create`
    Then the command succeeds
    And the file "~/.config/newsroom/key" is readable by its owner alone
    And the output is the public line OpenSSH reads from "~/.config/newsroom/key"
    And the file "~/.config/newsroom/key.pub" holds the output
    And nothing was written

  Scenario: The key in use is shown, wherever it is named
    Given aysel has run `keys create --file desk/aysel.key`
    When aysel runs `keys show --key desk/aysel.key`
    Then the command succeeds
    And the output is the public line OpenSSH reads from "desk/aysel.key"

  Scenario: NEWSROOM_KEY names the key in use
    Given aysel has run `keys create --file desk/aysel.key`
    And the environment sets NEWSROOM_KEY to "desk/aysel.key"
    When aysel runs `keys show`
    Then the command succeeds
    And the output is the public line OpenSSH reads from "desk/aysel.key"

  Scenario: A key made by ssh-keygen under a passphrase works too
    Given an Ed25519 key "id_ed25519" made by ssh-keygen with the passphrase "kitten"
    And the environment sets NEWSROOM_KEY_PASSPHRASE to "kitten"
    When aysel runs `keys show --key id_ed25519`
    Then the command succeeds
    And the output is the public line OpenSSH reads from "id_ed25519" with the passphrase "kitten"

  Scenario: With NEWSROOM_KEY_PASSPHRASE set, a key made under it is sealed by it
    Given the environment sets NEWSROOM_KEY_PASSPHRASE to "kitten"
    When aysel runs `--json keys create --file sealed.key`
    Then the command succeeds
    And the JSON output has the keys path, public_key, fingerprint
    And OpenSSH reads "sealed.key" only with the passphrase "kitten"

  Scenario: A key is never overwritten
    Given aysel has run `keys create --file desk/aysel.key`
    When aysel runs `keys create --file desk/aysel.key`
    Then it is refused with exit code 2
    And the error is one line mentioning "desk/aysel.key already exists"

  Scenario: There is no key where the key in use should be
    When aysel runs `keys show --key nowhere.key`
    Then it is refused with exit code 3
    And the error is one line mentioning "make one with `newsroom keys create`"

  Scenario Outline: A key newsroom cannot use
    Given <what>
    When aysel runs `keys show --key <file>`
    Then it is refused with exit code 2
    And the error is one line mentioning "<says>"

    Examples:
      | what                                                                     | file       | says                        |
      | an Ed25519 key "locked" made by ssh-keygen with the passphrase "kitten" | locked     | protected by a passphrase   |
      | an RSA key "rsa" made by ssh-keygen                                      | rsa        | is not an Ed25519 key       |
      | a text file "notes.txt" containing "not a key"                           | notes.txt  | not an OpenSSH private key  |

  Scenario: A wrong passphrase
    Given an Ed25519 key "locked" made by ssh-keygen with the passphrase "kitten"
    And the environment sets NEWSROOM_KEY_PASSPHRASE to "puppy"
    When aysel runs `keys show --key locked`
    Then it is refused with exit code 2
    And the error is one line mentioning "the passphrase is wrong"

  Rule: Staff hold keys
    Each member of the staff is registered with the public key they sign with. The
    key history lives in the staff stream: a new key never erases the old one.

    Scenario: The founding chief registers a key when the newsroom is made
      Given a newsroom with no store yet
      And umud has a key "umud.key"
      When umud runs `init --chief umud --public-key umud.key.pub`
      Then the command succeeds
      And the log gained StaffMemberAdded
      And the StaffMemberAdded event records the public key of "umud.key"

    Scenario Outline: A chief adds a reporter with her key
      Given a newsroom with no store yet
      And umud has run `init --chief umud`
      And aysel has a key "aysel.key"
      When umud runs `staff add aysel --role reporter --public-key <key>`
      Then the command succeeds
      And the StaffMemberAdded event records the public key of "aysel.key"
      And the staff list shows aysel's key as ssh-keygen fingerprints "aysel.key.pub"

      Examples:
        | key                     |
        | aysel.key.pub           |
        | "$public_line"          |

    Scenario: A chief gives a reporter a new key, and the old one stays in the log
      Given a newsroom with no store yet
      And umud has run `init --chief umud`
      And aysel has a key "old.key"
      And umud has run `staff add aysel --role reporter --public-key old.key.pub`
      And aysel has a key "new.key"
      When umud runs `staff key aysel --public-key new.key.pub`
      Then the command succeeds
      And the log gained StaffKeyChanged
      And the StaffKeyChanged event records the public key of "new.key"
      And the staff list shows aysel's key as ssh-keygen fingerprints "new.key.pub"
      And the output says "gave aysel the key SHA256:"

    Scenario Outline: A key change that is refused
      Given a newsroom with no store yet
      And umud has a key "umud.key"
      And umud has run `init --chief umud --public-key umud.key.pub`
      And aysel has a key "aysel.key"
      And umud has run `staff add aysel --role reporter --public-key aysel.key.pub`
      And aysel has a key "new.key"
      When <person> runs `<command>`
      Then it is refused with exit code <code>
      And the error is one line mentioning "<says>"
      And nothing was written

      Examples:
        | person | command                                               | code | says                                   |
        | aysel  | staff key aysel --public-key new.key.pub              | 5    | managing the staff needs a chief       |
        | umud   | staff key zaur --public-key new.key.pub               | 3    | zaur is not on the staff               |
        | umud   | staff key aysel --public-key aysel.key.pub            | 4    | aysel already signs with that key      |
        | umud   | staff key aysel --public-key umud.key.pub             | 4    | is already umud's                      |
        | umud   | staff add zaur --role reporter --public-key umud.key.pub | 4 | is already umud's                      |
        | umud   | staff key aysel --public-key "ssh-rsa AAAAB3NzaC1yc2E" | 2   | not an OpenSSH public key line         |
        | umud   | staff key aysel --public-key missing.pub              | 2    | neither a public key line nor a .pub file |
