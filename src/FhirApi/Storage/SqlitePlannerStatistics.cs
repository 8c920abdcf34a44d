using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// Fixed planner statistics for SQLite, describing the shape of a large store, written at every
/// start (SQLite's documented alternative to ANALYZE, as Fossil does).
/// <para>
/// Without statistics SQLite assumes every index is highly selective, and would test a search
/// candidate through <c>(resource_type, param, end_ms)</c> (every Observation dated after some
/// day) rather than through <c>(resource_type, resource_id, param, ...)</c> (that one resource's
/// rows). Statistics from ANALYZE fix that only once the data is there, and statistics taken
/// while a database is new and small mislead the planner for good. These numbers say what is
/// true of any sizeable store: a resource type holds many rows, a parameter fewer, a value fewer
/// still, a resource has a handful of rows per index table and one row in <c>resources</c>.
/// </para>
/// </summary>
internal static class SqlitePlannerStatistics
{
    private const long IndexRows = 10_000_000;
    private const long ResourceRows = 1_000_000;

    /// <summary>Replaces the statistics of the search tables (and <c>resources</c>) and makes SQLite load them.</summary>
    public static async Task WriteAsync(FhirDbContext db, CancellationToken cancellationToken)
    {
        var rows = new List<(string Table, string? Index, string Stat)>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var isIndexTable = typeof(SearchIndexRow).IsAssignableFrom(entity.ClrType);
            if (!isIndexTable && entity.ClrType != typeof(ResourceRow))
            {
                continue;
            }

            var total = isIndexTable ? IndexRows : ResourceRows;
            rows.Add((table, null, total.ToString(CultureInfo.InvariantCulture)));
            foreach (var index in entity.GetIndexes())
            {
                rows.Add((table, index.GetDatabaseName()!, Stat(total, index.Properties)));
            }

            if (entity.FindPrimaryKey() is { Properties.Count: > 1 } key)
            {
                // A composite primary key is SQLite's automatic index sqlite_autoindex_<table>_1.
                rows.Add((table, $"sqlite_autoindex_{table}_1", Stat(total, key.Properties)));
            }
        }

        // Creates sqlite_stat1 if the database has none; ANALYZE of the schema table gathers nothing else.
        await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema", cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (table, index, stat) in rows)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM sqlite_stat1 WHERE tbl = {table} AND idx IS {index}", cancellationToken);
            await db.Database.ExecuteSqlAsync($"INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ({table}, {index}, {stat})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema", cancellationToken);
    }

    /// <summary><c>"rows a1 a2 ..."</c>: the rows of the index, then how many rows match each longer prefix of its columns.</summary>
    private static string Stat(long total, IReadOnlyList<IProperty> columns)
    {
        var stat = new List<long> { total };
        var matching = total;
        var afterValue = false;
        foreach (var column in columns)
        {
            matching = Math.Max(1, column.Name switch
            {
                nameof(SearchIndexRow.ResourceType) => matching / 10,
                nameof(SearchIndexRow.Param) => matching / 50,
                nameof(ResourceRow.IsDeleted) => matching,
                // In resources the id is the key; in an index table one resource has a few rows, one per value.
                nameof(SearchIndexRow.ResourceId) => total == ResourceRows || afterValue ? 1 : 10,
                _ => total == ResourceRows ? 1 : matching / 100,
            });
            afterValue |= column.Name is not (nameof(SearchIndexRow.ResourceType) or nameof(SearchIndexRow.Param) or nameof(SearchIndexRow.ResourceId));
            stat.Add(matching);
        }

        return string.Join(' ', stat);
    }
}
