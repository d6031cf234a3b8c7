from welcome.cli import main

main()
