"""The screens the browser tests look through, each named once: a test says which screen it
means (a classroom's projector, a phone), and every test that means it gets the same size; and
the ways a page is shown on them (in projector mode or not)."""

#: A wide screen: the `page` fixture's.
DESKTOP = {"width": 1600, "height": 1000}
#: A classroom's old 4:3 projector.
XGA = {"width": 1024, "height": 768}
#: A laptop's screen, or a small projector.
WXGA = {"width": 1280, "height": 800}
#: A smaller projector still, a classroom's 720p one.
SMALL_PROJECTOR = {"width": 1280, "height": 720}
#: A full-HD projector, or a wide window.
FULL_HD = {"width": 1920, "height": 1080}
#: Projectors the class may have: a small one and a full-HD one.
PROJECTORS = (WXGA, FULL_HD)
#: A narrow window.
NARROW = {"width": 420, "height": 800}
#: A phone held upright (an iPhone 12 to 15), in CSS px.
PHONE = {"width": 390, "height": 844}
#: The screens the rough edges are looked for through: a classroom's projector, a phone.
SCREENS = {"1024x768": XGA, "phone": PHONE}
#: The ways a page is shown, by the query that asks for each: on a projector, or not.
MODES = {"projector": "?projector=1", "ordinary": ""}
