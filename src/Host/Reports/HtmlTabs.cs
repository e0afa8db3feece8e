using System.Text;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Views that share one place on the page, chosen with radio buttons styled as tabs. Plain CSS (no script):
/// the n-th checked input shows the n-th tab, so the file stays self-contained and works with scripts off.
/// </summary>
internal static class HtmlTabs
{
    /// <summary>Tabs per group the style sheet has rules for (figure 2 has one per metric).</summary>
    public const int MaxTabs = 16;

    public static string Css { get; } =
        ".tabs>input{position:absolute;opacity:0;pointer-events:none}" +
        ".tabs>label{display:inline-block;padding:.2em .75em;margin:0 .2em -1px 0;border:1px solid #bbb;border-radius:4px 4px 0 0;" +
        "background:#f4f4f4;cursor:pointer;font-size:.9em}" +
        ".tabs>input:checked+label{background:#fff;border-bottom-color:#fff;font-weight:600}" +
        ".tabs>input:focus-visible+label{outline:2px solid #1565c0}" +
        ".tabs>div.tab{display:none;border-top:1px solid #bbb;padding-top:.4em}" +
        string.Join(",", Enumerable.Range(1, MaxTabs).Select(n => $".tabs>input:nth-of-type({n}):checked~div.tab:nth-of-type({n})")) +
        "{display:block}";

    /// <summary>Writes the tab group; the first tab is selected. A single tab is written without a selector.</summary>
    public static void Write(StringBuilder html, string group, IReadOnlyList<(string Label, string Content)> tabs)
    {
        if (tabs.Count > MaxTabs)
            throw new ArgumentOutOfRangeException(nameof(tabs), tabs.Count, $"at most {MaxTabs} tabs per group");
        if (tabs.Count == 1)
        {
            html.AppendLine(tabs[0].Content);
            return;
        }
        html.AppendLine($"<div class=\"tabs\" id=\"{group}\">");
        for (int i = 0; i < tabs.Count; i++)
        {
            var id = $"{group}-{i + 1}";
            html.AppendLine($"<input type=\"radio\" name=\"{group}\" id=\"{id}\"{(i == 0 ? " checked" : "")}><label for=\"{id}\">{HtmlText.Encode(tabs[i].Label)}</label>");
        }
        foreach (var tab in tabs)
            html.AppendLine("<div class=\"tab\">").AppendLine(tab.Content).AppendLine("</div>");
        html.AppendLine("</div>");
    }
}
