"""Everything that talks to the outside world: fetch (the one HTTP choke point), parse feeds and pages, sources."""
