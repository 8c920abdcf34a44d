using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// Inserts many rows of one mapped entity on the context's connection and transaction, much faster
/// than EF's statement per row: PostgreSQL through binary <c>COPY</c>, SQLite through one prepared
/// single-row <c>INSERT</c> executed per row (SQLite binds parameters by name, so a many-row
/// statement costs quadratic time to bind), other providers through multi-row
/// <c>INSERT ... VALUES (...), (...)</c>. Table, columns and value conversions come from the EF
/// model, so the mapping stays in one place. Store-generated keys are left to the database and not
/// read back.
/// </summary>
internal static partial class BulkInsert
{
    /// <summary>Parameters per multi-row statement: under SQL Server's 2,100.</summary>
    private const int MaxParameters = 900;

    private static readonly ConcurrentDictionary<IEntityType, Mapping> Mappings = new();

    public static async Task InsertAsync<TEntity>(FhirDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var mapping = Mappings.GetOrAdd(entityType, e => Mapping.Of(db, e));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, mapping, rows, cancellationToken);
        }
        else if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            await InsertEachAsync(connection, transaction, mapping, rows, cancellationToken);
        }
        else
        {
            await InsertManyAsync(connection, transaction, mapping, rows, cancellationToken);
        }
    }

    /// <summary>One prepared single-row statement, re-bound and re-run for each row.</summary>
    private static async Task InsertEachAsync<TEntity>(DbConnection connection, DbTransaction? transaction, Mapping mapping, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = mapping.InsertSql(1);
        var parameters = new DbParameter[mapping.Columns.Length];
        for (var c = 0; c < parameters.Length; c++)
        {
            parameters[c] = command.CreateParameter();
            parameters[c].ParameterName = $"@p{c}";
            command.Parameters.Add(parameters[c]);
        }

        command.Prepare();
        foreach (var row in rows)
        {
            for (var c = 0; c < parameters.Length; c++)
            {
                parameters[c].Value = mapping.Columns[c].Read(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Multi-row statements of up to <see cref="MaxParameters"/> parameters.</summary>
    private static async Task InsertManyAsync<TEntity>(DbConnection connection, DbTransaction? transaction, Mapping mapping, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var width = mapping.Columns.Length;
        var perStatement = Math.Max(1, MaxParameters / width);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = mapping.InsertSql(count);
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{(r * width) + c}";
                    parameter.Value = mapping.Columns[c].Read(rows[start + r]) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One column: its quoted name, the CLR type the provider stores, and how to read a row's value (converted for the provider).</summary>
    private sealed record Column(string QuotedName, Type ProviderType, Func<object, object?> Read);

    /// <summary>How an entity's rows are written: the quoted table and the columns that are not store-generated.</summary>
    private sealed record Mapping(string QuotedTable, Column[] Columns)
    {
        public static Mapping Of(FhirDbContext db, IEntityType entityType)
        {
            var sql = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<ISqlGenerationHelper>(db);
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var columns = entityType.GetProperties()
                .Where(p => p.ValueGenerated != ValueGenerated.OnAdd)
                .Select(p =>
                {
                    var getter = p.GetGetter();
                    var converter = p.GetTypeMapping().Converter;
                    Func<object, object?> read = converter is null
                        ? getter.GetClrValue
                        : entity => getter.GetClrValue(entity) is { } value ? converter.ConvertToProvider(value) : null;
                    var type = converter?.ProviderClrType ?? p.ClrType;
                    return new Column(sql.DelimitIdentifier(p.GetColumnName(table)!), Nullable.GetUnderlyingType(type) ?? type, read);
                })
                .ToArray();
            return new Mapping(sql.DelimitIdentifier(table.Name), columns);
        }

        /// <summary><c>INSERT INTO t (a, b) VALUES (@p0, @p1), (@p2, @p3)...</c> for <paramref name="rows"/> rows.</summary>
        public string InsertSql(int rows)
        {
            var sql = new StringBuilder("INSERT INTO ").Append(QuotedTable).Append(" (").AppendJoin(", ", Columns.Select(c => c.QuotedName)).Append(") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Length; c++)
                {
                    sql.Append(c == 0 ? string.Empty : ", ").Append("@p").Append((r * Columns.Length) + c);
                }

                sql.Append(')');
            }

            return sql.ToString();
        }

        /// <summary><c>COPY t (a, b) FROM STDIN (FORMAT BINARY)</c>.</summary>
        public string CopySql() =>
            $"COPY {QuotedTable} ({string.Join(", ", Columns.Select(c => c.QuotedName))}) FROM STDIN (FORMAT BINARY)";
    }
}
