using System.Text;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>The test messages under Hl7/Messages, with their <c>{{ID}}</c> and <c>{{CONTROL_ID}}</c> filled in, and ACK reading.</summary>
internal static class Hl7TestMessages
{
    public const string Er7 = "x-application/hl7-v2+er7";

    /// <summary>The identifier system the mapper gives PID-3 and PV1-19 assigned by GENHOSP.</summary>
    public const string GenHospSystem = "urn:fhirchain:v2:assigning-authority:GENHOSP";

    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    public static string Load(string name, string id, string? controlId = null) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hl7", "Messages", name))
            .Replace("{{ID}}", id, StringComparison.Ordinal)
            .Replace("{{CONTROL_ID}}", controlId ?? "C" + NewId(), StringComparison.Ordinal);

    /// <summary>A field of the first segment with this id (HL7 numbering; MSH-1 is the separator itself).</summary>
    public static string Field(string message, string segment, int field)
    {
        var line = message.Split('\r', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.StartsWith(segment + "|", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No {segment} segment in: {message}");
        var parts = line.Split('|');
        var index = segment == "MSH" ? field - 1 : field;
        return index < parts.Length ? parts[index] : string.Empty;
    }

    public static IEnumerable<string> Segments(string message, string segment) =>
        message.Split('\r', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(segment + "|", StringComparison.Ordinal));

    public static async Task<string> PostAsync(HttpClient client, string message, string mediaType = Er7)
    {
        using var response = await client.PostAsync("/hl7v2", new StringContent(message, Encoding.UTF8, mediaType));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static string IdentifierQuery(string value) => Uri.EscapeDataString($"{GenHospSystem}|{value}");
}
