using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActorPipeline.Actors.Observers;

/// <summary>
/// Akka's log, in full (stack traces included), appended to sweep.log in the sweep folder instead of the terminal:
/// a database outage is one line on the terminal (the progress display says it), its details are here.
/// The path comes from the system's config (<see cref="PathKey"/>).
/// </summary>
public sealed class SweepLogFile : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public const string FileName = "sweep.log";
    public const string PathKey = "actorpipeline.log-file";

    public SweepLogFile()
    {
        var path = Context.System.Settings.Config.GetString(PathKey);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{e.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {e.LogLevel().ToString().Replace("Level", "").ToUpperInvariant(),-7} {e.LogSource}: {e.Message}{(e.Cause is { } cause ? Environment.NewLine + cause : "")}{Environment.NewLine}");
            try
            {
                File.AppendAllText(path, line);
            }
            catch (IOException)
            {
                // a full or vanished disk must not take the logger (and the sweep's logging) down; the terminal still shows progress
            }
        });
    }
}
