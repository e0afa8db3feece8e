namespace ActorPipeline.Actors.Persistence;

/// <summary>One short cause for a journal failure ("connection refused"), for the terminal; the full exception goes to the log file.</summary>
public static class JournalFaults
{
    public static string Describe(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        var message = innermost.Message.Trim().TrimEnd('.');
        if (message.Length == 0) message = innermost.GetType().Name;
        return message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }
}
