from transforms.cli import main

raise SystemExit(main())
