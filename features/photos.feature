Feature: Photos of a draft
  A draft carries photos: JPEG, PNG or WebP images with a caption, a credit and
  alt text (what the picture shows, for readers who cannot see it). Their words can
  be fixed while the article is a draft without removing the photo.
  Each picture is copied into the newsroom's media folder, so what the editors
  approved can never change under the article.
  In a command, @FILE stands for the id the newsroom gave the photo from FILE.

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

  Scenario: A reporter adds a photo with a caption and a credit
    Given a JPEG image "snow.jpg" of 800 by 600 pixels
    When aysel runs `photo add snow snow.jpg --caption "Fountain Square under snow" --credit "Aysel M."`
    Then the command succeeds
    And the log gained PhotoAdded
    And the PhotoAdded event was recorded by aysel as reporter
    And the PhotoAdded event records file "snow.jpg"
    And the PhotoAdded event records width "800"
    And the PhotoAdded event records height "600"
    And the PhotoAdded event records media_type "image/jpeg"
    And the PhotoAdded event records caption "Fountain Square under snow"
    And the PhotoAdded event records credit "Aysel M."
    And article snow shows the photos "snow.jpg"
    And the output says "added photo"

  Scenario Outline: PNG and WebP pictures are accepted too
    Given a <kind> image "<file>"
    When aysel runs `photo add snow <file>`
    Then the command succeeds
    And the log gained PhotoAdded
    And the PhotoAdded event records media_type "<media type>"

    Examples:
      | kind | file      | media type |
      | PNG  | snow.png  | image/png  |
      | WEBP | snow.webp | image/webp |

  Scenario: Changing the original file later leaves the article's photo as it was
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    And the file "snow.jpg" has since been replaced by another picture
    When kamran runs `show snow --json`
    Then the command succeeds
    And the media folder holds "snow.jpg" exactly as it was added

  Scenario: A photo file that does not exist
    When aysel runs `photo add snow missing.jpg`
    Then it is refused with exit code 2
    And the error is one line mentioning "There is no file missing.jpg"
    And nothing was written

  Scenario: A file that is not an image
    Given a text file "notes.jpg" containing "Call the mayor's office back."
    When aysel runs `photo add snow notes.jpg`
    Then it is refused with exit code 2
    And the error is one line mentioning "is not a JPEG, PNG or WebP image"
    And nothing was written
    And the media folder is empty

  Scenario: A GIF is not accepted
    Given a GIF image "snow.gif"
    When aysel runs `photo add snow snow.gif`
    Then it is refused with exit code 2
    And the error is one line mentioning "GIF"
    And nothing was written
    And the media folder is empty

  Scenario: The same picture cannot be added twice
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    When aysel runs `photo add snow snow.jpg`
    Then it is refused with exit code 4
    And the error is one line mentioning "already in article snow"
    And nothing was written

  Scenario: Photos can only be added to a draft
    Given a JPEG image "snow.jpg"
    And aysel has run `submit snow`
    When aysel runs `photo add snow snow.jpg`
    Then it is refused with exit code 4
    And the error is one line mentioning "it is in review"
    And nothing was written
    And the media folder is empty

  Scenario: Adding a photo to an article that does not exist
    Given a JPEG image "snow.jpg"
    When aysel runs `photo add nowhere snow.jpg`
    Then it is refused with exit code 3
    And the error is one line mentioning "There is no article nowhere"
    And nothing was written

  Scenario: A reporter removes a photo
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    When aysel runs `photo remove snow @snow.jpg`
    Then the command succeeds
    And the log gained PhotoRemoved
    And the PhotoRemoved event records photo_id "@snow.jpg"
    And article snow has no photos

  Scenario: Removing a photo the article does not have
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    When aysel runs `photo remove snow 0123456789ab`
    Then it is refused with exit code 3
    And the error is one line mentioning "has no photo 0123456789ab"
    And nothing was written

  Scenario: A reporter puts the photos in a new order
    Given a JPEG image "square.jpg"
    And a PNG image "tower.png"
    And a WEBP image "coast.webp"
    And aysel has added photo "square.jpg" to article snow
    And aysel has added photo "tower.png" to article snow
    And aysel has added photo "coast.webp" to article snow
    When aysel runs `photo reorder snow @coast.webp @square.jpg @tower.png`
    Then the command succeeds
    And the log gained PhotosReordered
    And the PhotosReordered event records the photo order "@coast.webp", "@square.jpg", "@tower.png"
    And article snow shows the photos "coast.webp", "square.jpg", "tower.png"

  Scenario Outline: A new order must name every photo exactly once
    Given a JPEG image "square.jpg"
    And a PNG image "tower.png"
    And aysel has added photo "square.jpg" to article snow
    And aysel has added photo "tower.png" to article snow
    When aysel runs `photo reorder snow <order>`
    Then it is refused with exit code 2
    And the error is one line mentioning "Name every photo of article snow exactly once"
    And nothing was written

    Examples:
      | order                               |
      | @tower.png                          |
      | @tower.png @tower.png               |
      | @tower.png @square.jpg 0123456789ab |

  Scenario: Photos already in that order
    Given a JPEG image "square.jpg"
    And a PNG image "tower.png"
    And aysel has added photo "square.jpg" to article snow
    And aysel has added photo "tower.png" to article snow
    When aysel runs `photo reorder snow @square.jpg @tower.png`
    Then it is refused with exit code 4
    And the error is one line mentioning "already in that order"
    And nothing was written

  Scenario: A photo gets alt text apart from its caption
    Given a JPEG image "snow.jpg"
    When aysel runs `photo add snow snow.jpg --caption "Fountain Square" --alt "A snow-covered square with a dry fountain"`
    Then the command succeeds
    And the PhotoAdded event records alt "A snow-covered square with a dry fountain"
    And article snow's photo "snow.jpg" has alt "A snow-covered square with a dry fountain"
    And article snow's photo "snow.jpg" has caption "Fountain Square"

  Scenario: A reporter fixes a photo's caption without removing the photo
    Given a JPEG image "snow.jpg"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Sqare" --credit "Aysel M."`
    When aysel runs `photo edit snow @snow.jpg --caption "Fountain Square"`
    Then the command succeeds
    And the log gained PhotoEdited
    And the PhotoEdited event was recorded by aysel as reporter
    And the PhotoEdited event records caption "Fountain Square"
    And the PhotoEdited event records no credit
    And article snow shows the photos "snow.jpg"
    And article snow's photo "snow.jpg" has caption "Fountain Square"
    And article snow's photo "snow.jpg" has credit "Aysel M."

  Scenario: The alt text is what the published page gives the picture
    Given a JPEG image "snow.jpg"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Square"`
    And aysel has run `photo edit snow @snow.jpg --alt "A dry fountain in the snow" --credit "Aysel M."`
    And aysel has run `submit snow`
    And kamran has run `approve snow`
    And kamran has run `publish snow`
    When rashad runs `site build site`
    Then the command succeeds
    And the picture "snow.jpg" on the page "site/articles/snow.html" has the alt text "A dry fountain in the snow"
    And the page "site/articles/snow.html" says "Photo: Aysel M."

  Scenario: A photo edit must say what to change
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    When aysel runs `photo edit snow @snow.jpg`
    Then it is refused with exit code 2
    And the error is one line mentioning "Say what to change: --caption, --credit or --alt"
    And nothing was written

  Scenario: A photo edit that changes nothing
    Given a JPEG image "snow.jpg"
    And aysel has run `photo add snow snow.jpg --caption "Fountain Square"`
    When aysel runs `photo edit snow @snow.jpg --caption "Fountain Square"`
    Then it is refused with exit code 4
    And the error is one line mentioning "This edit changes nothing in photo"
    And nothing was written

  Scenario: Editing a photo the article does not have
    When aysel runs `photo edit snow 0123456789ab --caption "Fountain Square"`
    Then it is refused with exit code 3
    And the error is one line mentioning "has no photo 0123456789ab"
    And nothing was written

  Scenario: A photo's words are fixed once the draft is submitted
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    And aysel has run `submit snow`
    When aysel runs `photo edit snow @snow.jpg --caption "Fountain Square"`
    Then it is refused with exit code 4
    And the error is one line mentioning "Cannot edit a photo of article snow: it is in review"
    And nothing was written

  Scenario: A caption with a control character is refused
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    When aysel runs `photo edit snow @snow.jpg --alt "A square␛[31m"` where "␛" stands for the control character U+001B
    Then it is refused with exit code 2
    And the error is one line mentioning "--alt has a control character U+001B"
    And nothing was written

  Scenario: Four eyes: an editor who edited a photo cannot approve the article
    Given a JPEG image "snow.jpg"
    And aysel has added photo "snow.jpg" to article snow
    And kamran has run `photo edit snow @snow.jpg --caption "Fountain Square"`
    And aysel has run `submit snow`
    When kamran runs `approve snow`
    Then it is refused with exit code 5
    And the error is one line mentioning "four eyes"
    And nothing was written
