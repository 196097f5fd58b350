Feature: The static website
  `site build DIR` renders what readers see into a folder: the News line on the
  front page (the newest 40 headlines and the "Hamısı" link to the archive), an
  archive of every headline 40 to a page, a page per published article, a
  tombstone where an article was retracted, a News line per language, and RSS and
  Atom feeds. Pages link to each other relatively, so the folder works from
  anywhere; each build replaces the whole folder, and building twice gives the
  same bytes. With --as-of it builds the site as it stood then.

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

  Scenario: The front page shows the News line as the ticker does
    Given article snow headlined "Snow closes schools in Baku" was published at "09:15 14.11.2024"
    And article metro headlined "Metro runs until 1 a.m. on New Year's Eve" was published at "18:08 14.11.2024"
    When rashad runs `site build site`
    Then the command succeeds
    And the News line on "site/index.html" reads:
      """
      Metro runs until 1 a.m. on New Year's Eve
      18:08 14.11.2024
      Snow closes schools in Baku
      09:15 14.11.2024
      """
    And "site/index.html" links to "site/articles/metro.html" as "Metro runs until 1 a.m. on New Year's Eve"
    And "site/index.html" links to "site/news-line/index.html" as "Hamısı"
    And every link in "site" leads to a file of the site

  Scenario: The newest 40 on the front page, every headline in the archive
    Given 41 articles were published a minute apart from "09:00 14.11.2024"
    When rashad runs `site build site`
    Then the command succeeds
    And the News line on "site/index.html" has 40 headlines, from "Headline 41" to "Headline 2"
    And the News line on "site/news-line/index.html" has 40 headlines, from "Headline 41" to "Headline 2"
    And the News line on "site/news-line/2.html" has 1 headlines, from "Headline 1" to "Headline 1"
    And "site/news-line/index.html" links to "site/news-line/2.html" as "Older"
    And "site/news-line/2.html" links to "site/news-line/index.html" as "Newer"
    And the site has no page "site/news-line/3.html"
    And every link in "site" leads to a file of the site

  Scenario: An article page: headline, dateline, byline, text, photos, corrections
    Given a JPEG image "fountain.jpg" of 800 by 600 pixels
    And a PNG image "metro.png" of 640 by 480 pixels
    And a text file "snow.txt" with the paragraphs "Schools are closed." and "The metro runs."
    And aysel has run `draft --id snow --headline "Snow in Baku" --category Society --byline "Aysel Mammadova" --body-file snow.txt`
    And aysel has run `photo add snow fountain.jpg --caption "Fountain Square under snow" --credit "Aysel M."`
    And aysel has run `photo add snow metro.png --caption "The metro entrance" --credit "Rashad A."`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And the clock reads "11:30 14.11.2024"
    And kamran has run `correct snow --note "An earlier version misnamed the square."`
    When rashad runs `site build site`
    Then the command succeeds
    And the page "site/articles/snow.html" has the heading "Snow in Baku"
    And the page "site/articles/snow.html" says "Society 10:00 14.11.2024"
    And the page "site/articles/snow.html" says "By Aysel Mammadova"
    And the article on "site/articles/snow.html" has the paragraphs "Schools are closed." and "The metro runs."
    And the page "site/articles/snow.html" shows the photos:
      | file         | caption                    | credit    |
      | fountain.jpg | Fountain Square under snow | Aysel M.  |
      | metro.png    | The metro entrance         | Rashad A. |
    And the page "site/articles/snow.html" says "Corrections 11:30 14.11.2024 An earlier version misnamed the square."
    And every link in "site" leads to a file of the site

  Scenario: A retracted article leaves a tombstone, not a missing page
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "09:45 14.11.2024"
    And the clock reads "12:00 14.11.2024"
    And umud has run `retract frost --reason "It was last year's forecast."`
    When rashad runs `site build site`
    Then the command succeeds
    And the page "site/articles/frost.html" has the heading "Retracted"
    And the page "site/articles/frost.html" says "Retracted on 12:00 14.11.2024, reason: It was last year's forecast."
    And the page "site/articles/frost.html" does not say "Frost in Ganja"
    And the News line on "site/index.html" reads:
      """
      Snow in Baku
      09:15 14.11.2024
      """

  Scenario: A News line per language
    Given aysel has run `draft --id qar --headline "Bakıda qar yağır" --category Society --language az`
    And aysel has run `submit qar`
    And kamran has run `approve qar`
    And kamran has run `publish qar`
    And article snow headlined "Snow in Baku" was published at "10:15 14.11.2024"
    When rashad runs `site build site`
    Then the command succeeds
    And the News line on "site/lang/az/index.html" reads:
      """
      Bakıda qar yağır
      10:00 14.11.2024
      """
    And the News line on "site/lang/en/index.html" reads:
      """
      Snow in Baku
      10:15 14.11.2024
      """
    And the page "site/lang/az/index.html" is in the language "az"
    And the page "site/articles/qar.html" is in the language "az"
    And "site/index.html" links to "site/lang/az/index.html" as "Azərbaycanca"
    And the site has no page "site/lang/ru/index.html"

  Scenario: RSS and Atom feeds link under the site's address
    Given the site lives at "https://news.example.az/"
    And article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article metro headlined "Metro runs until 1 a.m." was published at "18:08 14.11.2024"
    When rashad runs `site build site`
    Then the command succeeds
    And the feed "site/feed.xml" is valid rss20 with the entries "Metro runs until 1 a.m." and "Snow in Baku"
    And the feed "site/atom.xml" is valid atom10 with the entries "Metro runs until 1 a.m." and "Snow in Baku"
    And the first entry of the feed "site/atom.xml" links to "https://news.example.az/articles/metro.html"
    And "site/index.html" links to "site/feed.xml" as "RSS"

  Scenario: Building twice gives the same files, byte for byte
    Given article frost headlined "Frost in Ganja" was published at "09:45 14.11.2024"
    And a JPEG image "fountain.jpg" of 800 by 600 pixels
    And aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `photo add snow fountain.jpg --caption "Fountain Square" --credit "Aysel M."`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And rashad has run `site build site`
    And the files in "site" are noted
    When rashad runs `site build site` again
    Then the command succeeds
    And the files in "site" are exactly as noted

  Scenario: A rebuild leaves no page behind that it no longer makes
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And aysel has run `draft --id qar --headline "Bakıda qar yağır" --category Society --language az`
    And aysel has run `submit qar`
    And kamran has run `approve qar`
    And kamran has run `publish qar`
    And rashad has run `site build site`
    And umud has run `retract qar --reason "Duplicate of snow."`
    When rashad runs `site build site`
    Then the command succeeds
    And the site has no page "site/lang/az/index.html"
    And the page "site/articles/qar.html" has the heading "Retracted"

  Scenario: The site as it stood at a past moment
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "12:30 14.11.2024"
    And the clock reads "13:00 14.11.2024"
    And umud has run `retract snow --reason "Wrong city."`
    When rashad runs `site build past --as-of "12:00 14.11.2024"`
    Then the command succeeds
    And the News line on "past/index.html" reads:
      """
      Snow in Baku
      09:15 14.11.2024
      """
    And the page "past/articles/snow.html" has the heading "Snow in Baku"
    And the site has no page "past/articles/frost.html"

  Scenario: The build summary as JSON
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And article frost headlined "Frost in Ganja" was published at "09:45 14.11.2024"
    And umud has run `retract frost --reason "Wrong town."`
    When rashad runs `site build site --json`
    Then the command succeeds
    And the JSON output has the keys "path", "index", "pages", "files", "articles", "retracted", "photos", "languages"
    And the JSON output has articles "1"
    And the JSON output has retracted "1"
    And the JSON output has pages "5"
    And the JSON output's index ends with "site/index.html"

  Scenario: The site folder is a file
    Given a text file "notes.txt" containing "Not a site"
    When rashad runs `site build notes.txt`
    Then it is refused with exit code 2
    And the error is one line mentioning "notes.txt is a file, not a folder"
    And the file "notes.txt" still contains "Not a site"

  Scenario: A folder holding other files is never emptied
    Given a folder "holidays" holding "beach.jpg"
    When rashad runs `site build holidays --json`
    Then it is refused with exit code 2
    And the error is JSON with code "bad_input"
    And the JSON error message mentions "did not build"
    And the folder "holidays" holds only "beach.jpg"

  Scenario: A folder nobody may write into
    Given article snow headlined "Snow in Baku" was published at "09:15 14.11.2024"
    And a folder "locked" nobody may write into
    When rashad runs `site build locked/site` without the right to write there
    Then it is refused with exit code 2
    And the error is one line mentioning "Cannot write the site to"
    And the folder "locked" holds nothing

  Scenario: A time that is not a time
    When rashad runs `site build site --as-of yesterday`
    Then it is refused with exit code 2
    And the error is one line mentioning "--as-of 'yesterday' is not a time"
    And there is no folder "site"

  Scenario: A photo missing from the media folder
    Given a JPEG image "fountain.jpg" of 800 by 600 pixels
    And aysel has drafted article snow headlined "Snow in Baku"
    And aysel has run `photo add snow fountain.jpg`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And the media folder has lost "fountain.jpg"
    When rashad runs `site build site`
    Then it is refused with exit code 3
    And the error is one line mentioning "missing from the media folder"
    And there is no folder "site"
