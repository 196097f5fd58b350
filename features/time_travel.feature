Feature: Time travel
  Auditors look at the newsroom as it stood at any moment: an article, the News
  line or the list of articles as of a time (HH:MM DD.MM.YYYY in Asia/Baku, or
  ISO-8601) or as of a position in the log (#POSITION), or an article at one of
  its versions. The past is replayed from the log, not read from today's tables,
  and it reads exactly like the same command without --as-of. `diff` shows what
  changed between two versions of an article.

  Background:
    Given the clock reads "08:00 14.11.2024"
    And the newsroom staff:
      | name      | role      |
      | umud      | chief     |
      | aysel     | reporter  |
      | rashad    | reporter  |
      | kamran    | editor    |
      | leyla     | editor    |
      | scheduler | scheduler |
    And the clock reads "09:00 14.11.2024"
    And aysel has run `draft --headline "Snow in Bakku" --category Society --body "Snow fell overnight." --id snow`
    And the clock reads "09:20 14.11.2024"
    And aysel has run `revise snow --body "Snow fell overnight in Baku and Sumgait."`
    And aysel has run `submit snow`
    And the clock reads "09:40 14.11.2024"
    And kamran has run `approve snow`
    And the clock reads "10:00 14.11.2024"
    And kamran has run `publish snow`
    And article frost headlined "Frost in Ganja" was published at "11:00 14.11.2024"
    And the clock reads "12:30 14.11.2024"
    And kamran has run `correct snow --headline "Snow in Baku" --note "Spelling of Baku."`
    And the clock reads "13:00 14.11.2024"
    And umud has run `retract frost --reason "It was last year's forecast."`
    And the clock reads "14:00 14.11.2024"

  # The log: 1-7 the staff (2 the log key); 8-12 snow drafted, revised, submitted,
  # approved, published; 13-16 frost drafted, submitted, approved, published at 11:00;
  # 17 snow corrected; 18 frost retracted.

  Scenario: An article as it stood at a moment
    When rashad runs `show snow --as-of "09:30 14.11.2024"`
    Then the command succeeds
    And the output is:
      """
      Snow in Bakku

      Society (in review)

      Snow fell overnight in Baku and Sumgait.

      — snow · in_review · version 3 · en · by aysel
      """

  Scenario: The moment can be an ISO-8601 instant
    When rashad runs `show snow --as-of 2024-11-14T05:10:00Z --json`
    Then the command succeeds
    And the JSON output has version "1"
    And the JSON output has status "draft"
    And the JSON output has body "Snow fell overnight."

  Scenario: The moment can be a position in the log
    When rashad runs `show snow --as-of "#9" --json`
    Then the command succeeds
    And the JSON output has version "2"
    And the JSON output has status "draft"
    And the JSON output has body "Snow fell overnight in Baku and Sumgait."

  Scenario: An article at one of its versions
    When rashad runs `show snow --version 5`
    Then the command succeeds
    And the output is:
      """
      Snow in Bakku

      Society 10:00 14.11.2024

      Snow fell overnight in Baku and Sumgait.

      — snow · published · version 5 · en · by aysel
      """

  Scenario: A retracted article, as it stood before its retraction
    When rashad runs `show frost --as-of "12:59 14.11.2024" --json`
    Then the command succeeds
    And the JSON output has status "published"
    And the JSON output has version "4"
    And the JSON output has no retraction

  Scenario Outline: As of the latest position, the past reads exactly like today
    When rashad runs `<command> --as-of "#18"`
    Then the command succeeds
    And the output is the same as what `<command>` prints

    Examples:
      | command                    |
      | show snow                  |
      | show snow --json           |
      | show frost                 |
      | show frost --json          |
      | ticker                     |
      | ticker --json              |
      | list                       |
      | list --json                |
      | list --status retracted    |
      | list --limit 1 --json      |

  Scenario: The News line before the correction
    When rashad runs `ticker --as-of "12:00 14.11.2024"`
    Then the command succeeds
    And the output is:
      """
      Frost in Ganja
      11:00 14.11.2024
      Snow in Bakku
      10:00 14.11.2024
      """

  Scenario: The News line after the correction, before the retraction
    When rashad runs `ticker --as-of "12:45 14.11.2024"`
    Then the command succeeds
    And the output is:
      """
      Frost in Ganja
      11:00 14.11.2024
      Snow in Baku
      10:00 14.11.2024
      """

  Scenario: The News line as of a position in the log, as JSON
    When rashad runs `ticker --as-of "#16" --json`
    Then the command succeeds
    And the JSON output's items are:
      | article_id | headline       | published_at              | display_time     |
      | frost      | Frost in Ganja | 2024-11-14T11:00:00+04:00 | 11:00 14.11.2024 |
      | snow       | Snow in Bakku  | 2024-11-14T10:00:00+04:00 | 10:00 14.11.2024 |

  Scenario: Before anything was published the News line was empty
    When rashad runs `ticker --as-of "09:45 14.11.2024"`
    Then the command succeeds
    And the output is empty

  Scenario: The list of articles as it stood
    When rashad runs `list --as-of "11:00 14.11.2024" --json`
    Then the command succeeds
    And the JSON output's articles are:
      | article_id | status    | version | headline       |
      | frost      | published | 4       | Frost in Ganja |
      | snow       | published | 5       | Snow in Bakku  |
    And the JSON output has total "2"

  Scenario: The list of articles as it stood, filtered
    When rashad runs `list --as-of "09:30 14.11.2024" --status in_review --json`
    Then the command succeeds
    And the JSON output's articles are:
      | article_id | status    | version |
      | snow       | in_review | 3       |

  Scenario: The past is replayed from the log, not read from today's tables
    Given someone has changed the ticker headline of article snow to "Sun in Baku" in the database
    When rashad runs `ticker --as-of "#18"`
    Then the command succeeds
    And the output is:
      """
      Snow in Baku
      10:00 14.11.2024
      """

  Scenario: A moment and a version at once
    When rashad runs `show snow --as-of "09:30 14.11.2024" --version 2`
    Then it is refused with exit code 2
    And the error is one line mentioning "Give --as-of or --version, not both."
    And nothing was written

  Scenario Outline: A moment that is not a time
    When rashad runs `<command> --as-of "<moment>"`
    Then it is refused with exit code 2
    And the error is one line mentioning "--as-of"
    And nothing was written

    Examples:
      | command   | moment           |
      | show snow | yesterday        |
      | show snow | 25:00 14.11.2024 |
      | ticker    | 14.11.2024 10:00 |
      | ticker    | #0               |
      | list      | #seven           |
      | list      | 2024-13-01       |

  Scenario: An article that did not exist yet
    When rashad runs `show frost --as-of "10:30 14.11.2024"`
    Then it is refused with exit code 3
    And the error is one line mentioning "Article frost did not exist yet as of 10:30 14.11.2024."
    And nothing was written

  Scenario: An article that did not exist yet at a position in the log
    When rashad runs `show frost --as-of "#12"`
    Then it is refused with exit code 3
    And the error is one line mentioning "did not exist yet"
    And nothing was written

  Scenario: A version the article has not reached
    When rashad runs `show snow --version 7`
    Then it is refused with exit code 3
    And the error is one line mentioning "Article snow has no version 7; it is at 6."
    And nothing was written

  Scenario: An article that never existed, at any moment
    When rashad runs `show nowhere --as-of "#18"`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: What changed between two versions, as a unified diff
    When rashad runs `diff snow 1 6`
    Then the command succeeds
    And the output is:
      """
      --- snow version 1
      +++ snow version 6
      @@ -1,8 +1,8 @@
      -headline: Snow in Bakku
      +headline: Snow in Baku
       byline: aysel
       language: en
       urgency: none
       category: Society
       photos:
       body:
      -Snow fell overnight.
      +Snow fell overnight in Baku and Sumgait.
      """

  Scenario: What changed between two versions, as JSON
    When rashad runs `diff snow 1 6 --json`
    Then the command succeeds
    And the JSON output has the keys "article_id", "from_version", "to_version", "changes", "unified"
    And the JSON output has article_id "snow"
    And the JSON output has from_version "1"
    And the JSON output has to_version "6"
    And the JSON output's changes are "headline" and "body"
    And the JSON output changes headline from "Snow in Bakku" to "Snow in Baku"
    And the JSON output changes body from "Snow fell overnight." to "Snow fell overnight in Baku and Sumgait."

  Scenario: A diff shows who signs the article and its language
    Given aysel has drafted article rain headlined "Rain in Lankaran"
    And aysel has run `revise rain --byline "Aysel Mammadova" --language az`
    When rashad runs `diff rain 1 2`
    Then the command succeeds
    And one line of the output mentions "-byline: aysel"
    And one line of the output mentions "+byline: Aysel Mammadova"
    And one line of the output mentions "-language: en"
    And one line of the output mentions "+language: az"

  Scenario: A diff's JSON names a change of byline and language
    Given aysel has drafted article rain headlined "Rain in Lankaran"
    And aysel has run `revise rain --byline "Aysel Mammadova" --language az`
    When rashad runs `diff rain 1 2 --json`
    Then the command succeeds
    And the JSON output's changes are "byline" and "language"
    And the JSON output changes byline from "aysel" to "Aysel Mammadova"

  Scenario: A diff shows photos added and removed
    Given a JPEG image "stadium.jpg"
    And a PNG image "crowd.png"
    And aysel has drafted article venue headlined "The venue is ready"
    And aysel has added photo "stadium.jpg" to article venue
    And aysel has added photo "crowd.png" to article venue
    And aysel has run `photo remove venue @stadium.jpg`
    When rashad runs `diff venue 2 4 --json`
    Then the command succeeds
    And the JSON output's changes are "photos"
    And the JSON output's photo changes added "crowd.png" and removed "stadium.jpg"

  Scenario: A diff lists the photos in the text too
    Given a JPEG image "stadium.jpg"
    And aysel has drafted article venue headlined "The venue is ready"
    And aysel has run `photo add venue stadium.jpg --caption "The venue"`
    When rashad runs `diff venue 1 2`
    Then the command succeeds
    And one line of the output mentions "+  1. stadium.jpg", "The venue"

  Scenario: Two versions with the same words
    When rashad runs `diff snow 3 4`
    Then the command succeeds
    And the output is:
      """
      Versions 3 and 4 of snow have the same headline, byline, language, urgency, category, body and photos.
      """

  Scenario: A diff of an article that does not exist
    When rashad runs `diff nowhere 1 2`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: A diff with a version the article has not reached
    When rashad runs `diff snow 1 9`
    Then it is refused with exit code 3
    And the error is one line mentioning "Article snow has no version 9; it is at 6."
    And nothing was written
