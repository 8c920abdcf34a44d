using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The parameters of <c>Patient/$everything</c>: <c>_since</c>, <c>_type</c>, <c>_count</c>, and the
/// paging position: <c>_cursor</c> from a link, <c>_offset</c> still accepted for links issued before cursors.
/// </summary>
internal sealed record EverythingOptions(long SinceMs, IReadOnlySet<string>? Types, int Count, int Offset, PageCursor? Cursor, List<KeyValuePair<string, string>> LinkParameters, FhirResponse? Error)
{
    public static EverythingOptions Parse(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var options = new EverythingOptions(long.MinValue, null, SearchDefaults.PageSize, 0, null, [], null);
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "_since" when FhirDateRange.TryParse(value, out var start, out _):
                    options = options with { SinceMs = start };
                    break;
                case "_type" when value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } types && types.All(ModelInfo.IsKnownResource):
                    options = options with { Types = types.ToHashSet(StringComparer.Ordinal) };
                    break;
                case "_count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                    options = options with { Count = Math.Clamp(count, 1, SearchDefaults.MaxPageSize) };
                    continue;
                case "_offset" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset):
                    options = options with { Offset = offset };
                    continue;
                case "_cursor" when PageCursor.TryParse(value) is { } cursor:
                    options = options with { Cursor = cursor };
                    continue;
                case "_cursor":
                    return options with { Error = Outcomes.BadRequest($"_cursor '{value}' is not a cursor this server issued.", name) };
                case "_since" or "_type" or "_count" or "_offset":
                    return options with { Error = Outcomes.BadRequest($"Parameter '{name}' has a malformed value '{value}'.", name) };
                default:
                    continue;
            }

            options.LinkParameters.Add(new(name, value));
        }

        return options;
    }
}
