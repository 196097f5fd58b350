Feature: Hostile input
  Nothing newsroom reads is trusted: not a photo a reporter brings, not an export file,
  not a log that someone holding the database wrote behind newsroom's back. A photo is
  decoded whole before it is accepted; an export is refused at the first damaged line;
  ids and hashes from the log never place a file outside the folder it belongs in; and
  what goes out to readers never carries what a camera wrote about its owner.

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

  # --- photos a reporter brings --------------------------------------------------------

  Scenario: Half a JPEG is refused, with the reason
    Given a JPEG image "snow.jpg" cut off halfway
    When aysel runs `photo add snow snow.jpg`
    Then it is refused with exit code 2
    And the error is one line mentioning "snow.jpg is a damaged image: image file is truncated"
    And nothing was written
    And the media folder is empty

  Scenario: A decompression bomb is refused as too large, not as damaged
    Given a PNG image "bomb.png" claiming 40000 by 40000 pixels in a few bytes
    When aysel runs `photo add snow bomb.png`
    Then it is refused with exit code 2
    And the error is one line mentioning "bomb.png has too many pixels"
    And nothing was written
    And the media folder is empty

  # --- damaged exports -------------------------------------------------------------------
  # The log: 1-7 the staff (2 the log key); 8 snow drafted; 9 its photo; line 10 closes.

  Scenario: Bytes that are not text in an export
    Given the log of snow with a photo has been exported to "day.jsonl"
    And binary bytes have been written over line 8 of "day.jsonl"
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 8 of the export is not UTF-8 text"
    And there is no store "restored.db"

  Scenario: A byte that is not UTF-8 inside a headline
    Given the log of snow with a photo has been exported to "day.jsonl"
    And a byte that is not UTF-8 has been put into "Snow in Baku" on line 8 of "day.jsonl"
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 8 of the export is not UTF-8 text"
    And there is no store "restored.db"

  Scenario: A line repeated
    Given the log of snow with a photo has been exported to "day.jsonl"
    And line 5 of "day.jsonl" has been repeated
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 6 of the export does not verify at position 5: reordered"
    And there is no store "restored.db"

  Scenario: The last line has lost its end
    Given the log of snow with a photo has been exported to "day.jsonl"
    And the last line of "day.jsonl" has lost its end of line
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 10 of the export stops before its end"
    And there is no store "restored.db"

  Scenario: A line that is JSON but not an event
    Given the log of snow with a photo has been exported to "day.jsonl"
    And line 8 of "day.jsonl" has been replaced by "[8, 9]"
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 8 of the export is not an event envelope"
    And there is no store "restored.db"

  Scenario: A position that is text
    Given the log of snow with a photo has been exported to "day.jsonl"
    And the position on line 9 of "day.jsonl" has been written as text
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 9 of the export has a malformed global_position"
    And there is no store "restored.db"

  Scenario: A photo's width as text, signed anew by its own reporter
    Given the log of snow with a photo has been exported to "day.jsonl"
    And someone holding aysel's key has set width to "800" in line 9 of "day.jsonl" and signed it anew
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 9 of the export does not verify at position 9: unlawful (its data is not a valid PhotoAdded (width: Input should be a valid integer))"
    And there is no store "restored.db"

  Scenario: A photo's hash that would lead out of the media folder, signed anew
    Given the log of snow with a photo has been exported to "day.jsonl"
    And someone holding aysel's key has set sha256 to "../../../etc/passwd" in line 9 of "day.jsonl" and signed it anew
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "not a valid PhotoAdded (sha256: String should match pattern"
    And there is no store "restored.db"

  Scenario: An event type nobody knows, signed anew
    Given the log of snow with a photo has been exported to "day.jsonl"
    And someone holding aysel's key has renamed the event of line 9 of "day.jsonl" to PhotoStolen and signed it anew
    When umud runs `import day.jsonl --store sqlite:///restored.db`
    Then it is refused with exit code 7
    And the error is one line mentioning "Line 9 of the export does not verify at position 9: unlawful (its data is not a valid PhotoStolen (no such event type))"
    And there is no store "restored.db"

  # --- a log written behind newsroom's back -----------------------------------------------

  Scenario: An article id from the database never places a page outside the site
    Given a database writer has published an article with the id "../../outside"
    When kamran runs `site build public/site`
    Then it is refused with exit code 7
    And the error is one line mentioning "'../../outside', which cannot be a file name"
    And there is no folder "public"
    And there is no file "outside.html" anywhere in the newsroom's folder

  Scenario: A photo hash from the database is refused wherever the log is read
    Given a database writer has added a photo to snow with the hash "../../../../etc/passwd"
    When kamran runs `show snow`
    Then it is refused with exit code 7
    And the error is one line mentioning "its data is not a valid PhotoAdded (sha256: String should match pattern"

  # --- the media folder ---------------------------------------------------------------------

  Scenario: Published photos carry no private metadata
    Given a JPEG image "source.jpg" from a source's camera, with a GPS position, its serial number, an author, an XMP creator, and the desk's caption and copyright
    And aysel has added photo "source.jpg" to article snow
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    When kamran runs `site build site`
    Then the command succeeds
    And the site's copy of "source.jpg" has no GPS position, serial number, author or XMP creator
    And the site's copy of "source.jpg" keeps its orientation, caption and copyright
    And the site's copy of "source.jpg" is a file of its own, not a link
    And the media folder holds "source.jpg" exactly as it was added

  Scenario: A symbolic link in the media folder is refused, not followed
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    And the media file of "snow.jpg" has been replaced by a link to a private copy
    When kamran runs `site build site`
    Then it is refused with exit code 7
    And the error is one line mentioning "is a symbolic link, which newsroom never follows"
    And there is no folder "site"

  Scenario: verify --media finds every media file that is not what the log says
    Given a JPEG image "square.jpg"
    And a PNG image "tower.png"
    And a WEBP image "coast.webp"
    And aysel has added photo "square.jpg" to article snow
    And aysel has added photo "tower.png" to article snow
    And aysel has added photo "coast.webp" to article snow
    And the media folder has lost "square.jpg"
    And the media file of "tower.png" has been retouched
    When rashad runs `verify --media`
    Then it is refused with exit code 7
    And the error is one line mentioning "is missing (photo"
    And the error is one line mentioning "from square.jpg, in snow); and 1 more media file not as the log says"

  Scenario: verify --media on a media folder that is as the log says
    Given a JPEG image "square.jpg"
    And aysel has added photo "square.jpg" to article snow
    When rashad runs `verify --media`
    Then the command succeeds
    And the output says "Every one of the 1 media files the log names is as added."
