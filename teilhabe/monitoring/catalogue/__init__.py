"""The standard catalogue that ships with Teilhabe (see :mod:`.standard`)."""
