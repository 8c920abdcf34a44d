using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// De-identification of exported resources (docs/security.md gives the rules): drops direct
/// identifiers (name, address, telecom, identifier, photo, contact at any depth, the narrative, the
/// display of references, extensions carrying an address, name, contact point or identifier),
/// replaces every resource id and relative reference with a keyed pseudonym, and shifts every date by
/// a per-patient offset of -180..180 days derived from the key, so intervals within a patient survive.
/// </summary>
internal sealed class Deidentifier(byte[] key)
{
    private static readonly HashSet<string> Dropped = ["name", "address", "telecom", "identifier", "photo", "contact"];
    private static readonly string[] IdentifyingValues = ["valueAddress", "valueHumanName", "valueContactPoint", "valueIdentifier"];

    public string Apply(string json)
    {
        var resource = JsonNode.Parse(json)!.AsObject();
        var type = resource["resourceType"]!.GetValue<string>();
        var id = resource["id"]?.GetValue<string>() ?? string.Empty;
        var patient = type == "Patient" ? id : FindPatient(resource);
        var shift = patient is null ? 0 : ShiftDays(patient);
        resource.Remove("text");
        Clean(resource, shift, topLevel: true);
        resource["id"] = Pseudonym(type, id);
        return resource.ToJsonString();
    }

    public string Pseudonym(string type, string id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{type}/{id}")))[..32];

    private int ShiftDays(string patientId) =>
        (int)(BitConverter.ToUInt32(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("shift:" + patientId)), 0) % 361) - 180;

    private static string? FindPatient(JsonNode? node) => node switch
    {
        JsonObject o when o["reference"]?.GetValue<string>() is { } r && r.StartsWith("Patient/", StringComparison.Ordinal) => r["Patient/".Length..],
        JsonObject o => o.Select(p => FindPatient(p.Value)).FirstOrDefault(p => p is not null),
        JsonArray a => a.Select(FindPatient).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private void Clean(JsonObject node, int shift, bool topLevel)
    {
        foreach (var name in node.Select(p => p.Key).ToList())
        {
            if (Dropped.Contains(name) || name == "display" && node.ContainsKey("reference"))
            {
                node.Remove(name);
                continue;
            }

            if (topLevel && name == "meta")
            {
                continue;
            }

            switch (node[name])
            {
                case JsonObject child:
                    Clean(child, shift, topLevel: false);
                    break;
                case JsonArray array:
                    if (name is "extension" or "modifierExtension")
                    {
                        foreach (var identifying in array.OfType<JsonObject>().Where(e => IdentifyingValues.Any(e.ContainsKey)).ToList())
                        {
                            array.Remove(identifying);
                        }
                    }

                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject item)
                        {
                            Clean(item, shift, topLevel: false);
                        }
                        else if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && Shift(text, shift) is { } shiftedItem)
                        {
                            array[i] = shiftedItem;
                        }
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    if (name == "reference" && Pseudonymize(text) is { } reference)
                    {
                        node[name] = reference;
                    }
                    else if (Shift(text, shift) is { } shifted)
                    {
                        node[name] = shifted;
                    }

                    break;
            }
        }
    }

    private string? Pseudonymize(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && char.IsUpper(parts[0][0]) ? $"{parts[0]}/{Pseudonym(parts[0], parts[1])}" : null;
    }

    /// <summary>A FHIR date, dateTime or instant moved by whole days at its own precision; years stay as they are.</summary>
    private static string? Shift(string text, int days)
    {
        if (text.Length < 7 || text.Length > 35 || !char.IsAsciiDigit(text[0]) || text[4] != '-')
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        if (text.Length == 7 && DateTime.TryParseExact(text, "yyyy-MM", culture, DateTimeStyles.None, out var month))
        {
            return month.AddDays(days).ToString("yyyy-MM", culture);
        }

        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", culture, DateTimeStyles.None, out var day))
        {
            return day.AddDays(days).ToString("yyyy-MM-dd", culture);
        }

        if (text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, culture, DateTimeStyles.None, out var instant))
        {
            return instant.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", culture);
        }

        return null;
    }
}
