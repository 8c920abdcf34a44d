using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace FhirChain.Provenance.Leaves;

/// <summary>
/// The canonical content of a resource version (docs/provenance.md section 2): the resource JSON
/// without the top-level <c>meta.versionId</c> and <c>meta.lastUpdated</c> (and without <c>meta</c>
/// if that leaves it empty), members sorted by UTF-16 code units, no whitespace, RFC 8785 string
/// escaping, numbers exactly as written in the source.
/// </summary>
public static class CanonicalJson
{
    private static readonly string[] ServerMetaMembers = ["versionId", "lastUpdated"];
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    /// <summary>Returns the canonical UTF-8 bytes of a FHIR resource given as JSON.</summary>
    /// <exception cref="FormatException">The input is not valid JSON, not an object, or has duplicate member names.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8ResourceJson)
    {
        // JsonDocument parses from memory it can keep: copy into a pooled buffer (cheaper than ParseValue, which parses twice).
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(utf8ResourceJson.Length, 1));
        try
        {
            utf8ResourceJson.CopyTo(buffer);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, utf8ResourceJson.Length), Options);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A resource must be a JSON object.");
            }

            var output = new CanonicalWriter(utf8ResourceJson.Length);
            WriteObject(ref output, root, isResource: true);
            return output.ToArray();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Invalid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"Invalid JSON string: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteValue(ref CanonicalWriter output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(ref output, element, isResource: false);
                break;
            case JsonValueKind.Array:
                output.WriteByte((byte)'[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.WriteByte((byte)',');
                    }

                    WriteValue(ref output, item);
                    first = false;
                }

                output.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                WriteString(ref output, element);
                break;
            case JsonValueKind.Number:
                output.Write(JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            default:
                output.Write("null"u8);
                break;
        }
    }

    private static void WriteObject(ref CanonicalWriter output, JsonElement element, bool isResource, string[]? excluded = null)
    {
        var capacity = element.GetPropertyCount();

        var names = ArrayPool<string>.Shared.Rent(Math.Max(capacity, 1));
        var members = ArrayPool<JsonProperty>.Shared.Rent(Math.Max(capacity, 1));
        try
        {
            var count = 0;
            foreach (var member in element.EnumerateObject())
            {
                var name = member.Name;
                if (excluded is not null && Array.IndexOf(excluded, name) >= 0)
                {
                    continue;
                }

                if (isResource && name == "meta" && member.Value.ValueKind == JsonValueKind.Object && IsOnlyServerMeta(member.Value))
                {
                    continue;
                }

                names[count] = name;
                members[count] = member;
                count++;
            }

            if (!IsSorted(names, count))
            {
                Array.Sort(names, members, 0, count, StringComparer.Ordinal);
            }

            output.WriteByte((byte)'{');
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    if (string.Equals(names[i - 1], names[i], StringComparison.Ordinal))
                    {
                        throw new FormatException($"Duplicate JSON member name '{names[i]}'.");
                    }

                    output.WriteByte((byte)',');
                }

                WriteName(ref output, members[i], names[i]);
                output.WriteByte((byte)':');
                var value = members[i].Value;
                if (isResource && names[i] == "meta" && value.ValueKind == JsonValueKind.Object)
                {
                    WriteObject(ref output, value, isResource: false, ServerMetaMembers);
                }
                else
                {
                    WriteValue(ref output, value);
                }
            }

            output.WriteByte((byte)'}');
        }
        finally
        {
            Array.Clear(names, 0, capacity);
            ArrayPool<string>.Shared.Return(names);
            ArrayPool<JsonProperty>.Shared.Return(members, clearArray: true);
        }
    }

    private static bool IsSorted(string[] names, int count)
    {
        for (var i = 1; i < count; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsOnlyServerMeta(JsonElement meta)
    {
        foreach (var member in meta.EnumerateObject())
        {
            if (Array.IndexOf(ServerMetaMembers, member.Name) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteName(ref CanonicalWriter output, JsonProperty member, string name)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(member);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            output.WriteByte((byte)'"');
            output.Write(raw);
            output.WriteByte((byte)'"');
        }
        else
        {
            output.WriteEscapedString(name);
        }
    }

    private static void WriteString(ref CanonicalWriter output, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        // Valid JSON without escapes holds no '"', '\' or control characters: it is already canonical.
        if (raw.IndexOf((byte)'\\') < 0)
        {
            output.WriteByte((byte)'"');
            output.Write(raw);
            output.WriteByte((byte)'"');
        }
        else
        {
            output.WriteEscapedString(element.GetString()!);
        }
    }
}
