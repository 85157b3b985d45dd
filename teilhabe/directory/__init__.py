"""Directory of actors and offers: the office side, the public search-and-find site,
moderation, and HSDS / iCalendar interoperability."""
