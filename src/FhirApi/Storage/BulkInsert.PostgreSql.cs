using Npgsql;
using NpgsqlTypes;

namespace FhirChain.FhirApi.Storage;

/// <summary>PostgreSQL: binary <c>COPY</c>, inside the context's open transaction.</summary>
internal static partial class BulkInsert
{
    private static async Task CopyAsync<TEntity>(NpgsqlConnection connection, Mapping mapping, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var types = mapping.Columns.Select(c => DbType(c.ProviderType)).ToArray();
        await using var writer = await connection.BeginBinaryImportAsync(mapping.CopySql(), cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            for (var c = 0; c < types.Length; c++)
            {
                if (mapping.Columns[c].Read(row) is { } value)
                {
                    await writer.WriteAsync(value, types[c], cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>The PostgreSQL type of a column with this CLR type (as the EF model maps it).</summary>
    private static NpgsqlDbType DbType(Type type) =>
        type == typeof(string) ? NpgsqlDbType.Text
        : type == typeof(long) ? NpgsqlDbType.Bigint
        : type == typeof(int) ? NpgsqlDbType.Integer
        : type == typeof(short) ? NpgsqlDbType.Smallint
        : type == typeof(double) ? NpgsqlDbType.Double
        : type == typeof(bool) ? NpgsqlDbType.Boolean
        : type == typeof(byte[]) ? NpgsqlDbType.Bytea
        : throw new NotSupportedException($"Bulk insert has no PostgreSQL type for {type.Name} columns.");
}
