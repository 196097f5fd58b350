Feature: Signing keys
  Every act in the newsroom is signed by the person who does it, with their own
  Ed25519 key in OpenSSH's format: one the newsroom makes, or one they already have
  from `ssh-keygen`. The key in use is --key PATH, else NEWSROOM_KEY, else
  ~/.config/newsroom/key; a key under a passphrase takes it from
  NEWSROOM_KEY_PASSPHRASE, or asks for it at a terminal.

  Scenario: A reporter makes a key and sees its public line
    Given aysel runs commands without --key
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
    And aysel runs commands without --key
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
      | what                                                                    | file      | says                       |
      | an Ed25519 key "locked" made by ssh-keygen with the passphrase "kitten" | locked    | protected by a passphrase  |
      | an RSA key "rsa" made by ssh-keygen                                     | rsa       | is not an Ed25519 key      |
      | a text file "notes.txt" containing "not a key"                          | notes.txt | not an OpenSSH private key |

  Scenario: A wrong passphrase
    Given an Ed25519 key "locked" made by ssh-keygen with the passphrase "kitten"
    And the environment sets NEWSROOM_KEY_PASSPHRASE to "puppy"
    When aysel runs `keys show --key locked`
    Then it is refused with exit code 2
    And the error is one line mentioning "the passphrase is wrong"

  Rule: Staff hold keys
    Each member of the staff is registered with the public key they sign with. The
    key history lives in the staff stream: a new key never erases the old one.

    Scenario Outline: The founding chief registers the key they sign with when the newsroom is made
      Given a newsroom with no store yet
      And umud has a key "umud.key"
      When umud runs `<command>`
      Then the command succeeds
      And the log gained StaffMemberAdded and LogKeyChanged
      And the StaffMemberAdded event records the public key of "umud.key"
      And the StaffMemberAdded event is signed by the key "umud.key", as ssh-keygen verifies it

      Examples:
        | command                                                    |
        | init --chief umud --key umud.key                           |
        | init --chief umud --public-key umud.key.pub --key umud.key |

    Scenario: Without --public-key, the founding chief's key is the key in use
      Given a newsroom with no store yet
      When umud runs `init --chief umud`
      Then the command succeeds
      And the StaffMemberAdded event records umud's public key
      And the StaffMemberAdded event is signed by umud's key, as ssh-keygen verifies it

    Scenario: The founding chief cannot register a key they do not sign with
      Given a newsroom with no store yet
      And umud has a key "umud.key"
      When umud runs `init --chief umud --public-key umud.key.pub`
      Then it is refused with exit code 5
      And the error is one line mentioning "is not the one --public-key gives for umud"
      And nothing was written

    Scenario Outline: A chief adds a reporter with her key
      Given a newsroom with no store yet
      And umud has run `init --chief umud`
      And aysel has a key "aysel.key"
      When umud runs `staff add aysel --role reporter --public-key <key>`
      Then the command succeeds
      And the StaffMemberAdded event records the public key of "aysel.key"
      And the staff list shows aysel's key as ssh-keygen fingerprints "aysel.key.pub"

      Examples:
        | key            |
        | aysel.key.pub  |
        | "$public_line" |

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

    Scenario: The worker does not start without the scheduler's key on the staff
      Given a newsroom with no store yet
      And umud has run `init --chief umud`
      When umud runs `worker`
      Then it is refused with exit code 5
      And the error is one line mentioning "scheduler is not on the staff of this newsroom"
      And the error is one line mentioning "newsroom staff add scheduler --role scheduler --public-key KEY"
      And nothing was written

    Scenario Outline: A key change that is refused
      Given a newsroom with no store yet
      And umud has a key "umud.key"
      And umud has run `init --chief umud --key umud.key`
      And aysel has a key "aysel.key"
      And umud has run `staff add aysel --role reporter --public-key aysel.key.pub --key umud.key`
      And aysel has a key "new.key"
      When <person> runs `<command>`
      Then it is refused with exit code <code>
      And the error is one line mentioning "<says>"
      And nothing was written

      Examples:
        | person | command                                                                 | code | says                                      |
        | aysel  | staff key umud --public-key new.key.pub --key aysel.key                 | 5    | managing the staff needs a chief          |
        | umud   | staff key zaur --public-key new.key.pub --key umud.key                  | 3    | zaur is not on the staff                  |
        | umud   | staff key aysel --public-key aysel.key.pub --key umud.key               | 4    | aysel already signs with that key         |
        | umud   | staff key aysel --public-key umud.key.pub --key umud.key                | 4    | is already umud's                         |
        | umud   | staff add zaur --role reporter --public-key umud.key.pub --key umud.key | 4    | is already umud's                         |
        | umud   | staff key aysel --public-key "ssh-rsa AAAAB3NzaC1yc2E" --key umud.key   | 2    | not an OpenSSH public key line            |
        | umud   | staff key aysel --public-key missing.pub --key umud.key                 | 2    | neither a public key line nor a .pub file |
        | aysel  | staff key aysel --public-key new.key.pub --key new.key                  | 5    | is not aysel's registered key             |

  Rule: Every act is signed by the person who does it, with their own key
    The newsroom signs each event with the key in use and keeps it only if the
    actor's registered key verifies the signature: nobody can act as someone else by
    saying --as, and nobody acts without a key the staff list knows.

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

    Scenario: An act is signed by its actor, as OpenSSH can check
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds
      And the ArticleDrafted event was recorded by aysel as reporter
      And the ArticleDrafted event is signed by aysel's key, as ssh-keygen verifies it
      And the log proves every act was signed by its actor and lawful

    Scenario: Acting with another person's key is refused
      Given aysel holds a copy of rashad's key as "rashad.key"
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow --key rashad.key`
      Then it is refused with exit code 5
      And the error is one line mentioning "is not aysel's registered key"
      And the error gives the fingerprint of rashad's key as the key in use
      And the error gives the fingerprint of aysel's key as aysel's registered key
      And the error is one line mentioning "sign with your own key (--key PATH or NEWSROOM_KEY)"
      And nothing was written

    Scenario: A key of one's own that the newsroom does not know is refused
      Given aysel has a key "spare.key"
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow --key spare.key`
      Then it is refused with exit code 5
      And the error gives the fingerprint of "spare.key.pub" as the key in use
      And nothing was written

    Scenario: A member with no registered key cannot act
      Given umud has added zaur to the staff as reporter, with no key
      When zaur runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "zaur has no registered key to sign with; nothing was written"
      And the error is one line mentioning "a chief registers one with `newsroom staff key zaur --public-key KEY`"
      And nothing was written

    Scenario: A member with no key acts once a chief gives them one
      Given umud has added zaur to the staff as reporter, with no key
      And zaur has a key "zaur.key"
      And umud has run `staff key zaur --public-key zaur.key.pub`
      When zaur runs `draft --headline "Snow in Baku" --category Society --id snow --key zaur.key`
      Then the command succeeds
      And the ArticleDrafted event was recorded by zaur as reporter
      And the ArticleDrafted event is signed by the key "zaur.key", as ssh-keygen verifies it

    Scenario: A member gives themselves a new key, signing with the old one
      Given aysel has a key "new.key"
      When aysel runs `staff key aysel --public-key new.key.pub`
      Then the command succeeds
      And the log gained StaffKeyChanged
      And the StaffKeyChanged event was recorded by aysel as reporter
      And the StaffKeyChanged event records the public key of "new.key"
      And the StaffKeyChanged event is signed by aysel's key, as ssh-keygen verifies it
      And the staff list shows aysel's key as ssh-keygen fingerprints "new.key.pub"
      And the log proves every act was signed by its actor and lawful

    Scenario: Once a member has a new key, the old one is refused
      Given aysel has a key "new.key"
      And aysel has run `staff key aysel --public-key new.key.pub`
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "is not aysel's registered key"
      And the error gives the fingerprint of aysel's old key as the key in use
      And the error gives the fingerprint of "new.key.pub" as aysel's registered key
      And nothing was written

    Scenario: A key once someone's is never given to anyone else
      Given aysel has a key "new.key"
      And aysel has run `staff key aysel --public-key new.key.pub`
      And umud holds a copy of aysel's key as "old.key"
      When umud runs `staff key rashad --public-key old.key.pub`
      Then it is refused with exit code 4
      And the error is one line mentioning "was aysel's"
      And nothing was written

    Scenario: Once a member has a new key, their acts are signed with it
      Given aysel has a key "new.key"
      And aysel has run `staff key aysel --public-key new.key.pub`
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow --key new.key`
      Then the command succeeds
      And the ArticleDrafted event is signed by the key "new.key", as ssh-keygen verifies it
      And the log proves every act was signed by its actor and lawful

    Scenario: A member cannot give a colleague a new key
      Given aysel has a key "new.key"
      When aysel runs `staff key rashad --public-key new.key.pub`
      Then it is refused with exit code 5
      And the error is one line mentioning "aysel is a reporter; managing the staff needs a chief"
      And nothing was written

  Rule: The store keeps the clock
    Every event is stamped by the store's own clock, which never goes back.
    NEWSROOM_NOW pins the time an act is stamped with (a backfill), as far as the
    newsroom's policy allows (`init --pinned-clock chiefs|everyone|nobody`, chiefs by
    default); the event says the clock was pinned, and keeps the store's time beside it.

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

    Scenario: An act is stamped with the store's clock
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds
      And the ArticleDrafted event occurred at "10:00 14.11.2024" and was recorded at "10:00 14.11.2024"
      And the ArticleDrafted event does not say the clock was pinned

    Scenario: The store's clock never goes back
      Given aysel has drafted article snow headlined "Snow in Baku"
      And the clock reads "09:00 14.11.2024"
      When rashad runs `draft --headline "Frost in Ganja" --category Society --id frost`
      Then the command succeeds
      And the ArticleDrafted event occurred at "10:00 14.11.2024" and was recorded at "10:00 14.11.2024"

    Scenario: A reporter cannot act under a pinned clock
      Given the environment sets NEWSROOM_NOW to "09:00 14.11.2024"
      When aysel runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "This newsroom lets chiefs only act under a pinned clock (NEWSROOM_NOW)"
      And nothing was written

    Scenario: A chief may act under a pinned clock, and the event says so
      Given the environment sets NEWSROOM_NOW to "09:00 14.11.2024"
      When umud runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds
      And the ArticleDrafted event was recorded by umud as chief
      And the ArticleDrafted event says the clock was pinned
      And the ArticleDrafted event occurred at "09:00 14.11.2024" and was recorded at "10:00 14.11.2024"
      And the log proves every act was signed by its actor and lawful

    Scenario: A pinned clock never puts an act before the one it follows
      Given aysel has run `draft --headline "Snow in Baku" --category Society --id snow`
      And the environment sets NEWSROOM_NOW to "09:00 14.11.2024"
      When umud runs `spike snow --reason "Not ours"`
      Then it is refused with exit code 2
      And the error is one line mentioning "is before the last act on Article snow"
      And nothing was written

    Scenario: The chief lets everyone act under a pinned clock
      When umud runs `init --pinned-clock everyone`
      Then the command succeeds
      And the log gained PinnedClockPolicySet
      And the PinnedClockPolicySet event was recorded by umud as chief
      And the PinnedClockPolicySet event records policy "everyone"

    Scenario: Only a chief sets who may act under a pinned clock
      When kamran runs `init --pinned-clock everyone`
      Then it is refused with exit code 5
      And the error is one line mentioning "managing the staff needs a chief"
      And nothing was written

    Scenario Outline: Under a pinned clock, each acts as the newsroom's policy allows
      Given umud has run `init --pinned-clock <policy>`
      And the environment sets NEWSROOM_NOW to "09:00 14.11.2024"
      When <person> runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then the command succeeds
      And the ArticleDrafted event says the clock was pinned
      And the ArticleDrafted event occurred at "09:00 14.11.2024" and was recorded at "10:00 14.11.2024"

      Examples:
        | policy   | person |
        | everyone | aysel  |
        | everyone | umud   |
        | chiefs   | umud   |

    Scenario Outline: Under a pinned clock, the newsroom's policy refuses the others
      Given umud has run `init --pinned-clock <policy>`
      And the environment sets NEWSROOM_NOW to "09:00 14.11.2024"
      When <person> runs `draft --headline "Snow in Baku" --category Society --id snow`
      Then it is refused with exit code 5
      And the error is one line mentioning "This newsroom lets <who> act under a pinned clock"
      And nothing was written

      Examples:
        | policy | person | who         |
        | chiefs | kamran | chiefs only |
        | nobody | aysel  | nobody      |
        | nobody | umud   | nobody      |
