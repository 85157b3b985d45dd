from teilhabe.cli import main

raise SystemExit(main())
