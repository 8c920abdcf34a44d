using Microsoft.EntityFrameworkCore.Migrations;

namespace FhirChain.FhirApi.Storage.Migrations;

/// <summary>
/// The RemoveUnionAliasRows migration of every provider: deletes the index rows of the parameters
/// now searched as the union of others (<see cref="Search.UnionAliases"/>), whose values their
/// parts' rows already hold; Down copies the parts' rows back under the alias's name. The list is
/// this migration's, frozen: a later change to what is an alias needs a migration of its own
/// (a test compares this list with the registry).
/// </summary>
internal static class UnionAliasRows
{
    /// <summary>Type, alias, index table, the parameters whose union the alias is.</summary>
    internal static readonly (string Type, string Alias, string Table, string[] Parts)[] Removed =
    [
        ("CapabilityStatement", "fhirversion", "search_token", ["version"]),
        ("CodeSystem", "system", "search_uri", ["url"]),
        ("Observation", "combo-code", "search_token", ["code", "component-code"]),
        ("Observation", "combo-code-value-concept", "search_token", ["code-value-concept", "component-code-value-concept"]),
        ("Observation", "combo-code-value-quantity", "search_quantity", ["code-value-quantity", "component-code-value-quantity"]),
        ("Observation", "combo-data-absent-reason", "search_token", ["component-data-absent-reason", "data-absent-reason"]),
        ("Observation", "combo-value-concept", "search_token", ["component-value-concept", "value-concept"]),
        ("Observation", "combo-value-quantity", "search_quantity", ["component-value-quantity", "value-quantity"]),
        ("Patient", "phonetic", "search_string", ["name"]),
        ("Person", "phonetic", "search_string", ["name"]),
        ("Practitioner", "phonetic", "search_string", ["name"]),
        ("RelatedPerson", "phonetic", "search_string", ["name"]),
    ];

    /// <summary>The value columns of each table (all but id, resource_type, resource_id and param).</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["search_token"] = "system, code, text, qualifier_system, qualifier_code",
        ["search_quantity"] = "system, code, value, low, high, canonical_code, canonical_value, qualifier_system, qualifier_code",
        ["search_string"] = "normalized, exact",
        ["search_uri"] = "value",
    };

    public static void Remove(MigrationBuilder migrationBuilder)
    {
        foreach (var (type, alias, table, _) in Removed)
        {
            migrationBuilder.Sql($"DELETE FROM {table} WHERE resource_type = '{type}' AND param = '{alias}';");
        }
    }

    public static void Restore(MigrationBuilder migrationBuilder)
    {
        foreach (var (type, alias, table, parts) in Removed)
        {
            var columns = Columns[table];
            var named = string.Join(", ", parts.Select(p => $"'{p}'"));
            migrationBuilder.Sql(
                $"INSERT INTO {table} (resource_type, resource_id, param, {columns}) " +
                $"SELECT resource_type, resource_id, '{alias}', {columns} FROM {table} WHERE resource_type = '{type}' AND param IN ({named});");
        }
    }
}
