namespace FhirChain.FhirApi.Fhir;

/// <summary>Parses and formats <c>a=1&amp;b=2</c> strings, keeping repeated names and their order.</summary>
internal static class QueryStrings
{
    public static List<KeyValuePair<string, string>> Parse(string? query)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.Add(new(name, value));
        }

        return result;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key).Replace("%3A", ":", StringComparison.Ordinal) + "=" + Uri.EscapeDataString(p.Value)));
}
