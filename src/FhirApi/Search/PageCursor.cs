using System.Buffers.Text;
using System.Text.Json;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Keyset paging position: the values, in the search's total order, of a row (each sort key's value
/// or null, then the resource id, and for a search across types the resource type), and the order
/// they belong to. A forward cursor (<c>next</c>) asks for the rows after that row; a
/// <see cref="Backward"/> one (<c>previous</c>) for the rows before it. Without keys a cursor
/// stands for an end of the order: backward, the last rows of all (<c>last</c>); forward, the first. Opaque to clients: base64url of
/// <c>{"o":"-date,_id","k":[1700000000000,"obs-1"]}</c>, with <c>"b":true</c> when backward.
/// </summary>
internal sealed record PageCursor(string Order, IReadOnlyList<JsonElement> Keys, bool Backward = false)
{
    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("o", Order);
            writer.WriteStartArray("k");
            foreach (var key in Keys)
            {
                key.WriteTo(writer);
            }

            writer.WriteEndArray();
            if (Backward)
            {
                writer.WriteBoolean("b", true);
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static PageCursor? TryParse(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(value));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("o", out var order) || order.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("k", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var backward = root.TryGetProperty("b", out var direction) && direction.ValueKind == JsonValueKind.True;
            return new PageCursor(order.GetString()!, keys.EnumerateArray().Select(k => k.Clone()).ToArray(), backward);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
