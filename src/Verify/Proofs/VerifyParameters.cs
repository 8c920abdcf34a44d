using System.Globalization;
using System.Text.Json;
using FhirChain.Provenance.Leaves;

namespace FhirChain.Verify.Proofs;

/// <summary>
/// The server's <c>$verify</c> output (docs/provenance.md section 5): a FHIR <c>Parameters</c>
/// resource in JSON, read with System.Text.Json.
/// </summary>
internal sealed record VerifyParameters(
    bool ServerVerified,
    long LeafIndex,
    byte[] LeafHash,
    long TreeSize,
    byte[] RootHash,
    IReadOnlyList<byte[]> InclusionProof,
    string Checkpoint,
    byte[]? Salt,
    LeafOperation Operation,
    byte[]? PreviousLeafHash)
{
    /// <summary>Parses the Parameters JSON.</summary>
    /// <exception cref="FormatException">The JSON is not a Parameters resource with the required parts.</exception>
    public static VerifyParameters Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("resourceType", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "Parameters")
            {
                throw new FormatException("not a FHIR Parameters resource");
            }

            var parts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("parameter", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
            {
                foreach (var parameter in parameters.EnumerateArray())
                {
                    if (parameter.ValueKind == JsonValueKind.Object
                        && parameter.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        && !parts.TryAdd(name.GetString()!, parameter))
                    {
                        throw new FormatException($"parameter '{name.GetString()}' appears more than once");
                    }
                }
            }

            return new VerifyParameters(
                Boolean(Required(parts, "verified"), "verified"),
                Integer(Required(parts, "leafIndex"), "leafIndex"),
                Base64(Required(parts, "leafHash"), "leafHash"),
                Integer(Required(parts, "treeSize"), "treeSize"),
                Base64(Required(parts, "rootHash"), "rootHash"),
                Proof(parts),
                String(Required(parts, "checkpoint"), "valueString", "checkpoint"),
                parts.TryGetValue("salt", out var salt) ? Base64(salt, "salt") : null,
                ParseOperation(Required(parts, "operation")),
                parts.TryGetValue("previousLeafHash", out var prev) ? Base64(prev, "previousLeafHash") : null);
        }
    }

    private static JsonElement Required(Dictionary<string, JsonElement> parts, string name) =>
        parts.TryGetValue(name, out var part) ? part : throw new FormatException($"parameter '{name}' is missing");

    private static bool Boolean(JsonElement part, string name) =>
        part.TryGetProperty("valueBoolean", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new FormatException($"parameter '{name}' needs a valueBoolean");

    // valueInteger64 is a JSON string in FHIR JSON; a JSON number and valueInteger are accepted too.
    private static long Integer(JsonElement part, string name)
    {
        foreach (var property in (string[])["valueInteger64", "valueInteger"])
        {
            if (!part.TryGetProperty(property, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0)
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }

            throw new FormatException($"parameter '{name}' has an invalid {property}");
        }

        throw new FormatException($"parameter '{name}' needs a valueInteger64");
    }

    private static string String(JsonElement part, string property, string name) =>
        part.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"parameter '{name}' needs a {property}");

    private static byte[] Base64(JsonElement part, string name)
    {
        var text = String(part, "valueBase64Binary", name);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"parameter '{name}' is not valid base64");
        }
    }

    private static LeafOperation ParseOperation(JsonElement part) => String(part, "valueCode", "operation") switch
    {
        "create" => LeafOperation.Create,
        "update" => LeafOperation.Update,
        "delete" => LeafOperation.Delete,
        var other => throw new FormatException($"parameter 'operation' has unknown code '{other}'"),
    };

    // The inclusionProof parameter is absent when the proof is empty (a tree of one leaf).
    private static List<byte[]> Proof(Dictionary<string, JsonElement> parts)
    {
        var proof = new List<byte[]>();
        if (!parts.TryGetValue("inclusionProof", out var part))
        {
            return proof;
        }

        if (!part.TryGetProperty("part", out var hashes) || hashes.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("parameter 'inclusionProof' needs 'part' children named 'hash'");
        }

        foreach (var hash in hashes.EnumerateArray())
        {
            if (!hash.TryGetProperty("name", out var name) || name.GetString() != "hash")
            {
                throw new FormatException("every part of 'inclusionProof' must be named 'hash'");
            }

            proof.Add(Base64(hash, "inclusionProof.hash"));
        }

        return proof;
    }
}
