using System.Text;

namespace ActorPipeline.Host.Reports;

/// <summary>
/// Escapes text for report.html. Only the markup characters: WebUtility.HtmlEncode would also turn § (Table 2's
/// dropout mark) into &amp;#167;, which renders the same but is not what a reader of the source expects; the page is UTF-8.
/// </summary>
internal static class HtmlText
{
    public static string Encode(string value)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var c in value)
            encoded.Append(c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return encoded.ToString();
    }
}
