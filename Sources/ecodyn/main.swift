import EcodynCLI
EcodynCommand.main()
