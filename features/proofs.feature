Feature: A witnessed log
  The newsroom's log is a Merkle tree (RFC 9162). A checkpoint is the tree's size and
  root, signed with the newsroom's own log key as a C2SP signed note; outsiders keep
  checkpoints, witnesses (another newsroom, a library, a press council) add their own
  signatures, and `verify --against CHECKPOINT` proves that today's log extends one:
  nothing before it changed, and nothing was cut from its end.

  Rule: Checkpoints prove what the log held

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
      And aysel has run `draft --id snow --headline "Snow in Baku" --category Society --body "Snow fell overnight."`
      And aysel has run `submit snow`

    Scenario: A checkpoint signs the tree's size and root with the log key
      When umud runs `checkpoint --out cp.txt`
      Then the command succeeds, saying on stderr "Wrote the checkpoint to cp.txt."
      And the file "cp.txt" is a checkpoint of the whole log, signed with its log key
      And nothing was written

    Scenario: A witness adds its own signature to a checkpoint
      Given umud has run `checkpoint --out cp.txt`
      And rashad has a key "council.key"
      When rashad runs `checkpoint --cosign cp.txt --key council.key --name council.example --out witnessed.txt`
      Then the command succeeds, saying on stderr "Wrote the checkpoint to witnessed.txt."
      And the file "witnessed.txt" is a checkpoint of the whole log, signed with its log key
      And the file "witnessed.txt" carries a signature by "council.example" with the key of "council.key"

    Scenario: Today's log extends a checkpoint published earlier
      Given umud has run `checkpoint --out cp.txt`
      And kamran has run `approve snow`
      When rashad runs `verify --against cp.txt`
      Then the command succeeds
      And the output says "The log extends the checkpoint localhost/newsroom of"

    Scenario: Events cut from the end, head and tree rewritten, are caught by a checkpoint
      Given kamran has run `approve snow`
      And umud has run `checkpoint --out cp.txt`
      And someone has deleted the last event from the database and moved the log head back
      And umud has run `rebuild`
      And rashad has run `verify`
      When rashad runs `verify --against cp.txt`
      Then it is refused with exit code 7
      And the error is one line mentioning "the checkpoint signed: its end was cut off"

    Scenario: An event rewritten by someone holding its author's key is caught by a checkpoint
      Given umud has run `checkpoint --out cp.txt`
      And someone holding aysel's key has edited the event at position 8 in the database, changing "Snow fell overnight." to "Rain fell overnight.", signed it again, and recomputed every hash from there on and the log head
      And umud has run `rebuild`
      And rashad has run `verify`
      When rashad runs `verify --against cp.txt`
      Then it is refused with exit code 7
      And the error is one line mentioning "are not the ones the checkpoint signed"

    Scenario: A checkpoint signed by another key is not this newsroom's
      Given umud has run `checkpoint --out cp.txt`
      And rashad has a key "council.key"
      And rashad has run `checkpoint --cosign cp.txt --key council.key --name localhost/newsroom --out alone.txt`
      And the file "alone.txt" keeps only its last signature
      When rashad runs `verify --against alone.txt`
      Then it is refused with exit code 7
      And the error is one line mentioning "is not signed by this newsroom's log key"

    Scenario: Without the log key there is no checkpoint
      Given rashad has a key "other.key"
      When umud runs `checkpoint --log-key other.key`
      Then it is refused with exit code 5
      And the error is one line mentioning "is not this newsroom's registered log key"
      And nothing was written

    Scenario: A receipt proves an article's published version is in the signed log
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has kept the output of `prove snow` as "receipt.json"
      When rashad runs `check receipt.json`
      Then the command succeeds
      And the output says "Version 4 of article:snow (ArticlePublished) is event 11 of the 11"
      And the receipt "receipt.json" proves the leaf by RFC 9162's own PATH and root

    Scenario: A reader checks the checkpoint's signature with the newsroom's log key
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has kept the output of `prove snow` as "receipt.json"
      When rashad runs `check receipt.json --public-key log-key.pub`
      Then the command succeeds
      And the output says "the checkpoint is signed by the log key given"

    Scenario: A receipt checked with another key does not check
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has kept the output of `prove snow` as "receipt.json"
      And rashad has a key "other.key"
      When rashad runs `check receipt.json --public-key other.key.pub`
      Then it is refused with exit code 7
      And the error is one line mentioning "carries no signature by localhost/newsroom's key"

    Scenario: A receipt whose article text was changed does not check
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has kept the output of `prove snow` as "receipt.json"
      And in the receipt "receipt.json", "Snow in Baku" has become "Rain in Baku"
      When rashad runs `check receipt.json`
      Then it is refused with exit code 7
      And the error is one line mentioning "The receipt does not check: the event at position"

    Scenario: A consistency proof from an older checkpoint to today's
      Given umud has run `checkpoint --out old.txt`
      And kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has kept the output of `prove --since old.txt` as "since.json"
      When rashad runs `check since.json`
      Then the command succeeds
      And the output says "begins with the 9 of the older checkpoint, unchanged"
      And the receipt "since.json" proves consistency by RFC 9162's own PROOF

    Scenario: The site carries a receipt per article, checked by Python alone
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      When rashad runs `site build site`
      Then the command succeeds
      And the file "site/checkpoint.txt" is a checkpoint of the whole log, signed with its log key
      And the site's verify-receipt.py checks 'site/articles/snow.receipt.json' against 'site/checkpoint.txt' with the log key

    Scenario: The site's checker refuses a page whose text was changed after it was signed
      Given kamran has run `approve snow`
      And kamran has run `publish snow`
      And rashad has run `site build site`
      And in the receipt "site/articles/snow.receipt.json", "Snow in Baku" has become "Rain in Baku"
      Then the site's verify-receipt.py refuses 'site/articles/snow.receipt.json' against 'site/checkpoint.txt', saying 'does not match its salted digest'

  Rule: Each newsroom has its own log key

    Scenario: A new newsroom makes its log key beside its store and registers it
      Given a newsroom with no store yet
      And the environment does not set NEWSROOM_LOG_KEY
      When umud runs `init --chief umud`
      Then the command succeeds
      And the log gained LogKeyChanged with the public key of "newsroom.logkey"
      And the key file "newsroom.logkey" is readable by its owner alone

    Scenario: A chief gives the log a new key; checkpoints signed with the old one still prove
      Given the newsroom staff:
        | name      | role      |
        | umud      | chief     |
        | aysel     | reporter  |
        | rashad    | reporter  |
        | kamran    | editor    |
        | leyla     | editor    |
        | scheduler | scheduler |
      And umud has run `checkpoint --out old.txt`
      And umud has run `log-key new.logkey`
      When umud runs `checkpoint --log-key new.logkey --out new.txt`
      Then the command succeeds, saying on stderr "Wrote the checkpoint to new.txt."
      And the file "new.txt" carries a signature by "localhost/newsroom" with the key of "new.logkey"
      And verify proves that the log extends "old.txt"
      And verify proves that the log extends "new.txt"

    Scenario: Only a chief changes the log key
      Given the newsroom staff:
        | name      | role      |
        | umud      | chief     |
        | aysel     | reporter  |
        | rashad    | reporter  |
        | kamran    | editor    |
        | leyla     | editor    |
        | scheduler | scheduler |
      When kamran runs `log-key mine.logkey`
      Then it is refused with exit code 5
      And the error is one line mentioning "managing the staff needs a chief"
      And nothing was written
      And there is no file "mine.logkey"

    Scenario: A SQLite store has no roles to grant: its triggers and its file guard it
      Given the newsroom staff:
        | name      | role      |
        | umud      | chief     |
        | aysel     | reporter  |
        | rashad    | reporter  |
        | kamran    | editor    |
        | leyla     | editor    |
        | scheduler | scheduler |
      When umud runs `db grants --writer newsroom_writer`
      Then it is refused with exit code 2
      And the error is one line mentioning "Roles and grants are PostgreSQL's"
      And nothing was written
