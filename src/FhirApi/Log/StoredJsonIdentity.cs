using System.Text.Json;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// The identity a stored resource's own JSON claims (resourceType, id, meta.versionId,
/// meta.lastUpdated): the leaf is rebuilt from these, exactly as an offline verifier rebuilds it
/// from the served resource, so an edit to the served meta cannot slip past the check.
/// </summary>
internal readonly record struct StoredJsonIdentity(string? ResourceType, string? Id, string? VersionId, string? LastUpdated)
{
    public static StoredJsonIdentity Read(ReadOnlySpan<byte> json)
    {
        string? type = null, id = null, versionId = null, lastUpdated = null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resourceType"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("meta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("versionId"u8))
                    {
                        reader.Read();
                        versionId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("lastUpdated"u8))
                    {
                        reader.Read();
                        lastUpdated = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new StoredJsonIdentity(type, id, versionId, lastUpdated);
    }
}
