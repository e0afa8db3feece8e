using ActorPipeline.Host;

return await CliApp.RunAsync(args);
