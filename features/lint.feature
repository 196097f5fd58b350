Feature: Headline and text lint
  Real newsrooms publish dirty text by mistake: the seed page itself carries the
  headline "President of Azerbaijan Ilham Aliyev сongratulates …" whose "с" is
  Cyrillic. Lint shows its findings when an article is submitted, refuses to let an
  error through approval unless an editor overrides it on the record, and checks
  whole desks at once.

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

  Scenario: The seed's Cyrillic "с" is caught when the article is submitted
    Given aysel has run `draft --id putin --headline "President of Azerbaijan Ilham Aliyev сongratulates Russian President Vladimir Putin" --category Politics`
    When aysel runs `submit putin`
    Then the command succeeds, warning "“сongratulates” mixes scripts: Cyrillic “с” at 37 inside a Latin word"
    And the log gained ArticleSubmitted
    And article putin is in_review

  Scenario: An approval is refused while lint finds an error
    Given aysel has run `draft --id putin --headline "President of Azerbaijan Ilham Aliyev сongratulates Russian President Vladimir Putin" --category Politics`
    And aysel has run `submit putin`
    When kamran runs `approve putin`
    Then it is refused with exit code 4
    And the error is one line mentioning "mixes scripts"
    And nothing was written

  Scenario: An editor may override lint, and the reason goes into the log
    Given aysel has run `draft --id putin --headline "President of Azerbaijan Ilham Aliyev сongratulates Russian President Vladimir Putin" --category Politics`
    And aysel has run `submit putin`
    When kamran runs `approve putin --allow-lint "Quoted as the Kremlin released it"`
    Then the command succeeds
    And the ArticleApproved event records lint_override "Quoted as the Kremlin released it"
    And the ArticleApproved event gives the reason "Quoted as the Kremlin released it"

  Scenario: A clean article is approved without an override on record
    Given aysel has run `draft --id snow --headline "Snow in Baku" --category Society --body "Heavy snow."`
    And aysel has run `submit snow`
    When kamran runs `approve snow --allow-lint "just in case"`
    Then the command succeeds
    And the ArticleApproved event records no lint_override

  Scenario: Invisible characters are errors too
    Given aysel has run `draft --id zw --headline "Snow in Baku" --category Society --body "Heavy​snow."`
    And aysel has run `submit zw`
    When kamran runs `approve zw`
    Then it is refused with exit code 4
    And the error is one line mentioning "ZERO WIDTH SPACE"
    And nothing was written

  Scenario: Capitals, double spaces and unbalanced brackets are warnings
    Given aysel has run `draft --id loud --headline "SNOW  CLOSES (ALL SCHOOLS" --category Society`
    When rashad runs `lint loud --json`
    Then the command succeeds
    And the JSON output's findings are:
      | field    | code       | severity | start | end |
      | headline | all-caps   | warning  | 0     | 25  |
      | headline | spaces     | warning  | 4     | 6   |
      | headline | unbalanced | warning  | 13    | 14  |

  Scenario: A headline over the limit is a warning
    Given aysel has run `draft --id long --headline "Azerbaijan to Host Two Major UN Events in 2026: A Strategic Contribution to Global Dialogue on Urbanization and the Environment" --category Politics`
    When rashad runs `lint long` with a headline limit of 100
    Then the command succeeds
    And the output says "127 characters, over the limit of 100 [length]"

  Scenario: Lint checks every article that is not spiked at once
    Given article snow headlined "Snow in Baku" was published at "09:00 14.11.2024"
    And aysel has run `draft --id putin --headline "Ilham Aliyev сongratulates Vladimir Putin" --category Politics`
    And aysel has run `submit putin`
    And kamran has run `approve putin --allow-lint "As released"`
    And kamran has run `publish putin`
    And aysel has run `draft --id erdogan --headline "Ilham Aliyev сongratulates Recep Erdogan" --category Politics`
    And aysel has run `draft --id macron --headline "Ilham Aliyev сongratulates Emmanuel Macron" --category Politics`
    And kamran has run `spike macron --reason "Not our story."`
    When rashad runs `lint --all --json`
    Then the command succeeds
    And the JSON output has articles "3"
    And the JSON output's findings are:
      | article_id | field    | code         | start | end |
      | erdogan    | headline | mixed-script | 13    | 26  |
      | putin      | headline | mixed-script | 13    | 26  |

  Scenario: Lint checks the articles of one status
    Given article snow headlined "Snow in Baku" was published at "09:00 14.11.2024"
    And aysel has run `draft --id erdogan --headline "Ilham Aliyev сongratulates Recep Erdogan" --category Politics`
    And aysel has run `draft --id macron --headline "Ilham Aliyev сongratulates Emmanuel Macron" --category Politics`
    And kamran has run `spike macron --reason "Not our story."`
    When rashad runs `lint --status spiked --json`
    Then the command succeeds
    And the JSON output has articles "1"
    And the JSON output's findings are:
      | article_id | field    | code         | start | end |
      | macron     | headline | mixed-script | 13    | 26  |

  Scenario: Lint of a status with no findings says how many it read
    Given article snow headlined "Snow in Baku" was published at "09:00 14.11.2024"
    And aysel has run `draft --id erdogan --headline "Ilham Aliyev сongratulates Recep Erdogan" --category Politics`
    When rashad runs `lint --status published`
    Then the command succeeds
    And the output says "No findings in 1 article."

  Scenario: Lint of a status that does not exist
    When rashad runs `lint --status lost`
    Then it is refused with exit code 2
    And the error is one line mentioning "--status"
    And nothing was written

  Scenario: Lint of one article and a whole desk at once
    Given article snow headlined "Snow in Baku" was published at "09:00 14.11.2024"
    When rashad runs `lint snow --status published`
    Then it is refused with exit code 2
    And the error is one line mentioning "Name one article, or give --all"
    And nothing was written

  Scenario: Lint names one article or all of them
    When rashad runs `lint`
    Then it is refused with exit code 2
    And the error is one line mentioning "give --all"
    And nothing was written

  Scenario: Lint of an unknown article
    When rashad runs `lint nowhere`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
