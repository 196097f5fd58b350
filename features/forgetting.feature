Feature: When the law says forget
  A court orders a defamatory article taken down, a person exercises the right to
  erasure, a minor's name must go. One chief asks, giving the legal basis; a second
  chief confirms; only then is the content erased, from the log itself, the views and
  the media folder. The chain, the signatures and every proof still hold, and readers
  see where the content was, when it went and why.

  Background:
    Given the newsroom staff:
      | name      | role      |
      | umud      | chief     |
      | aysel     | reporter  |
      | rashad    | reporter  |
      | kamran    | editor    |
      | leyla     | editor    |
      | scheduler | scheduler |
    And umud has run `staff add sona --role chief`
    And the clock reads "10:00 14.11.2024"
    And article bribe headlined "Official Elvin Qasımov accused of bribery" is published

  Rule: One chief asks, another confirms

    Scenario: A chief asks to erase an article, and nothing goes yet
      When umud runs `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      Then the command succeeds
      And the log gained RedactionRequested
      And the RedactionRequested event was recorded by umud as chief
      And the RedactionRequested event records reason "Baku Court order 2-1234/2025"
      And the output says "nothing is erased until another chief runs"
      And `show bribe` prints "Official Elvin Qasımov accused of bribery"

    Scenario: A second chief confirms, and the content is erased
      Given umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      When sona runs `redact --confirm $request`
      Then the command succeeds
      And the log gained RedactionConfirmed
      And the RedactionConfirmed event was recorded by sona as chief
      And the RedactionConfirmed event records reason "Baku Court order 2-1234/2025"
      And `show bribe` prints "[removed on 14.11.2024: Baku Court order 2-1234/2025]"
      And `show bribe` prints "by court order (confirmed by sona): Baku Court order 2-1234/2025"
      And `show bribe` prints no "Qasımov"
      And the store's files hold no "Qasımov"
      And the log still verifies

    Scenario: The chief who asked may not confirm
      Given umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      When umud runs `redact --confirm $request`
      Then it is refused with exit code 5
      And the error is one line mentioning "four eyes: another chief must confirm it"
      And nothing was written
      And the store's files still hold "Qasımov"

    Scenario Outline: Erasing is for chiefs
      Given umud has asked for it with `redact bribe --all --reason "Court order"`
      When <person> runs `<command>`
      Then it is refused with exit code 5
      And the error is one line mentioning "erasing content by court order needs a chief"
      And nothing was written

      Examples:
        | person | command                                    |
        | kamran | redact bribe --all --reason "Court order"  |
        | aysel  | redact --confirm $request                  |

    Scenario: A request is confirmed once
      Given umud has asked for it with `redact bribe --all --reason "Court order"`
      And sona has run `redact --confirm $request`
      When sona runs `redact --confirm $request`
      Then it is refused with exit code 4
      And the error is one line mentioning "was confirmed by sona already"
      And nothing was written

    Scenario: A request that does not exist
      When sona runs `redact --confirm rd-00000000`
      Then it is refused with exit code 3
      And the error is one line mentioning "There is no redaction request rd-00000000"

  Rule: What goes, and what stays

    Scenario: A phrase is replaced in every version and the rest stays
      Given umud has asked for it with `redact bribe --text "Elvin Qasımov" --replacement "E. Q." --reason "Press council decision 12/2025"`
      When sona runs `redact --confirm $request --text "Elvin Qasımov"`
      Then the command succeeds
      And `show bribe` prints "Official E. Q. accused of bribery"
      And `ticker` prints "Official E. Q. accused of bribery"
      And the store's files hold no "Elvin Qasımov"
      And the log still verifies

    Scenario: The second chief must name the very phrase the request names
      Given umud has asked for it with `redact bribe --text "Elvin Qasımov" --reason "Press council decision 12/2025"`
      When sona runs `redact --confirm $request --text "Elvin"`
      Then it is refused with exit code 5
      And the error is one line mentioning "the very phrase the request names"
      And nothing was written

    Scenario: Only the versions named go
      Given aysel has run `draft --id metro --headline "Metro line opens" --category Society --body "Trains run from six."`
      And aysel has run `revise metro --body "Nizami Məmmədov, 15, was hurt."`
      And umud has asked for it with `redact metro --versions 2 --reason "A minor's name"`
      When sona runs `redact --confirm $request`
      Then the command succeeds
      And `show metro --version 1` prints "Trains run from six."
      And `show metro` prints "[removed on 14.11.2024: A minor's name]"
      And the store's files hold no "Nizami"
      And the log still verifies

    Scenario: The photos go too, unless another article uses them
      Given a JPEG image "court.jpg"
      And aysel has run `draft --id raid --headline "Raid on the ministry" --category Society`
      And aysel has run `photo add raid court.jpg --caption "Rauf Həsənov at the door"`
      And umud has asked for it with `redact raid --all --photos --reason "Court order"`
      When sona runs `redact --confirm $request`
      Then the command succeeds
      And the output says "1 photo files removed"
      And the media folder holds no file of court.jpg
      And `show raid` prints no "Həsənov"
      And the store's files hold no "Həsənov"
      And the log still verifies

  Rule: A request must name what it erases

    Scenario Outline: A request that names nothing erasable is refused
      When umud runs `<command>`
      Then it is refused with exit code <code>
      And the error is one line mentioning "<message>"
      And nothing was written

      Examples:
        | command                                                  | code | message                                              |
        | redact bribe --all                                       | 2    | Name the article and the legal basis                 |
        | redact bribe --reason "Court order"                      | 2    | one of --versions N,M, --all or --text PHRASE        |
        | redact bribe --all --versions 1 --reason "Court order"   | 2    | one of --versions N,M, --all or --text PHRASE        |
        | redact bribe --versions 1 --replacement X --reason "C"   | 2    | --replacement stands in for a phrase                 |
        | redact bribe --versions two --reason "Court order"       | 2    | is not a list of versions                            |
        | redact bribe --versions 9 --reason "Court order"         | 3    | Article bribe has no version 9                       |
        | redact bribe --versions 2 --reason "Court order"         | 4    | holds no words to erase                              |
        | redact bribe --text "Nobody at all" --reason "C"         | 4    | The phrase is in no version of article bribe         |
        | redact ghost --all --reason "Court order"                | 3    | There is no article ghost                            |
        | redact --confirm rd-00000000 bribe                        | 2    | --confirm carries out a request as it was made       |

  Rule: Readers see an honest gap

    Scenario: The site serves a tombstone where the article stood
      Given a JPEG image "court.jpg"
      And aysel has run `draft --id raid --headline "Rauf Həsənov detained" --category Society`
      And aysel has run `photo add raid court.jpg --caption "Rauf Həsənov at the door"`
      And aysel has run `submit raid`
      And kamran has run `approve raid`
      And kamran has run `publish raid`
      And umud has asked for it with `redact raid --all --photos --reason "Baku Court order 2-1234/2025"`
      And sona has run `redact --confirm $request`
      When kamran runs `site build site`
      Then the command succeeds
      And the page "site/articles/raid.html" says "Removed by court order on"
      And the page "site/articles/raid.html" says "Baku Court order 2-1234/2025"
      And no file in "site" holds "Həsənov"
      And the media folder holds no file of court.jpg
      And `verify --media` prints "media files the log names is as added"

    Scenario: The history says who asked, who confirmed, and why
      Given umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      And sona has run `redact --confirm $request`
      When kamran runs `history bribe --json`
      Then the command succeeds
      And the output says "asked to erase versions 1, 4"
      And the output says "erased by court order: 2 events rewritten"
      And the output does not contain "Qasımov"

    Scenario: The past and the differences show the gap too
      Given umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      And sona has run `redact --confirm $request`
      Then `show bribe --as-of "10:00 14.11.2024"` prints "[removed on 14.11.2024: Baku Court order 2-1234/2025]"
      And `ticker --as-of "10:00 14.11.2024"` prints "[removed on 14.11.2024: Baku Court order 2-1234/2025]"
      And `diff bribe 1 4` prints no "Qasımov"
      And `log --stream bribe --json --limit 0` prints no "Qasımov"

  Rule: The proof holds before and after

    Scenario: A receipt made before the erasure still checks, and so does one made after
      Given kamran has kept the receipt of article bribe as "before.json"
      And umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      And sona has run `redact --confirm $request`
      And kamran has kept the receipt of article bribe as "after.json"
      When kamran runs `check before.json`
      Then the command succeeds
      And `check after.json` prints "words of it were erased by court order, confirmed as event"
      And `check after.json` prints "Baku Court order 2-1234/2025"
      And the file "after.json" holds no "Qasımov"

    Scenario: An export carries the erasure, and an import proves it again
      Given umud has asked for it with `redact bribe --all --reason "Baku Court order 2-1234/2025"`
      And sona has run `redact --confirm $request`
      And kamran has run `export log.jsonl`
      When kamran runs `--store sqlite:///again.db import log.jsonl`
      Then the command succeeds
      And the file "log.jsonl" holds no "Qasımov"
      And `--store sqlite:///again.db show bribe` prints "[removed on 14.11.2024: Baku Court order 2-1234/2025]"
      And `--store sqlite:///again.db verify` prints "Erased by court order at positions"
