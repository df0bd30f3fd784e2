complete --keep-order --exclusive --command codepipeline --arguments "(COMPLETE=fish codepipeline -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
