using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over a resource's JSON.</summary>
internal static class JsonPatcher
{
    /// <summary>Applies the patch; a failure names the operation (by index) and what is wrong.</summary>
    public static PatchOutcome Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["$"] = document.DeepClone() };
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                return PatchOutcome.Fail($"JSON Patch operation {i} is not an object.");
            }

            var op = operation["op"]?.GetValue<string>();
            var path = operation["path"]?.GetValue<string>();
            if (op is null || path is null)
            {
                return PatchOutcome.Fail($"JSON Patch operation {i} needs 'op' and 'path'.");
            }

            var error = op switch
            {
                "add" => Add(root, path, operation["value"]?.DeepClone(), operation.ContainsKey("value")),
                "remove" => Remove(root, path, out _),
                "replace" => Replace(root, path, operation["value"]?.DeepClone(), operation.ContainsKey("value")),
                "move" => Move(root, operation["from"]?.GetValue<string>(), path, copy: false),
                "copy" => Move(root, operation["from"]?.GetValue<string>(), path, copy: true),
                "test" => Test(root, path, operation["value"]),
                _ => $"unknown op '{op}'",
            };
            if (error is not null)
            {
                return PatchOutcome.Fail($"JSON Patch operation {i} ({op} {path}) failed: {error}.");
            }
        }

        return PatchOutcome.Ok(root["$"]!);
    }

    private static string? Add(JsonObject root, string path, JsonNode? value, bool hasValue)
    {
        if (!hasValue)
        {
            return "'value' is missing";
        }

        if (!TryParent(root, path, out var parent, out var key))
        {
            return "the path's parent does not exist";
        }

        switch (parent)
        {
            case JsonObject obj:
                obj[key] = value;
                return null;
            case JsonArray array when key == "-":
                array.Add(value);
                return null;
            case JsonArray array when int.TryParse(key, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                return null;
            default:
                return "the path does not name an object member or array position";
        }
    }

    private static string? Remove(JsonObject root, string path, out JsonNode? removed)
    {
        removed = null;
        if (!TryParent(root, path, out var parent, out var key))
        {
            return "the path does not exist";
        }

        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(key):
                removed = obj[key];
                obj.Remove(key);
                return null;
            case JsonArray array when int.TryParse(key, out var index) && index >= 0 && index < array.Count:
                removed = array[index];
                array.RemoveAt(index);
                return null;
            default:
                return "the path does not exist";
        }
    }

    private static string? Replace(JsonObject root, string path, JsonNode? value, bool hasValue)
    {
        if (!hasValue)
        {
            return "'value' is missing";
        }

        if (Remove(root, path, out _) is { } error)
        {
            return error;
        }

        return Add(root, path, value, true);
    }

    private static string? Move(JsonObject root, string? from, string path, bool copy)
    {
        if (from is null)
        {
            return "'from' is missing";
        }

        if (Resolve(root, from) is not { } source)
        {
            return "'from' does not exist";
        }

        var value = source.DeepClone();
        if (!copy && Remove(root, from, out _) is { } error)
        {
            return error;
        }

        return Add(root, path, value, true);
    }

    private static string? Test(JsonObject root, string path, JsonNode? expected)
    {
        var actual = Resolve(root, path);
        return JsonNode.DeepEquals(actual, expected) ? null : "the value is not the one tested for";
    }

    private static JsonNode? Resolve(JsonObject root, string path)
    {
        JsonNode? node = root["$"];
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool TryParent(JsonObject root, string path, out JsonNode? parent, out string key)
    {
        var tokens = Tokens(path).ToList();
        key = tokens.Count == 0 ? "$" : tokens[^1];
        if (tokens.Count == 0)
        {
            parent = root;
            return true;
        }

        parent = root["$"];
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            parent = parent switch
            {
                JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (parent is null)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    /// <summary>Parses a JSON Patch body; null when it is not a JSON array.</summary>
    public static JsonArray? ParseOperations(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
