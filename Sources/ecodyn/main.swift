import EcodynCLI
EcodynCommand.runAsTool()
