using System.Text;

namespace ActorPipeline.Tests.Support;

/// <summary>
/// A thread-safe text writer that keeps what was written and lets a test await the first line containing a text
/// (already written, or written later) instead of polling or sleeping.
/// </summary>
internal sealed class AwaitableConsole : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiting = [];
    private int _scanned; // lines before this index were offered to the waiters

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
            if (value == '\n') Offer();
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
            if (value?.Contains('\n') == true) Offer();
        }
    }

    public override string ToString()
    {
        lock (_lock) return _text.ToString();
    }

    /// <summary>The first whole line that contains <paramref name="text"/>, at most <paramref name="timeout"/> from now.</summary>
    public Task<string> LineContaining(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var line = Lines().FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null) found.SetResult(line);
            else _waiting.Add((text, found));
        }
        return found.Task.WaitAsync(timeout).ContinueWith(t => t.IsFaulted && t.Exception!.InnerException is TimeoutException
            ? throw new TimeoutException($"no line with \"{text}\" within {timeout}; written so far:\n{this}")
            : t.Result, TaskScheduler.Default);
    }

    private IEnumerable<string> Lines() => _text.ToString().Split('\n').SkipLast(1);

    private void Offer()
    {
        var lines = Lines().ToList();
        foreach (var line in lines.Skip(_scanned))
            foreach (var waiter in _waiting.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiting.Remove(waiter);
            }
        _scanned = lines.Count;
    }
}
