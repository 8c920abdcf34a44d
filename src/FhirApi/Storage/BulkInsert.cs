using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// Inserts many rows of one mapped entity with multi-row <c>INSERT ... VALUES (...), (...)</c>
/// statements on the context's connection and transaction, instead of EF's statement per row.
/// Table, columns and value conversions come from the EF model, so the mapping stays in one place.
/// Store-generated keys are left to the database and not read back.
/// </summary>
internal static class BulkInsert
{
    /// <summary>Parameters per statement: under SQL Server's 2,100 and old SQLite builds' 999.</summary>
    private const int MaxParameters = 900;

    public static async Task InsertAsync<TEntity>(FhirDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => p.ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd).ToArray();
        var columns = string.Join(", ", properties.Select(p => Quote(db, p.GetColumnName(table)!)));
        var perStatement = Math.Max(1, MaxParameters / properties.Length);

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO ").Append(Quote(db, table.Name)).Append(" (").Append(columns).Append(") VALUES ");
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Length; c++)
                {
                    var name = $"@p{(r * properties.Length) + c}";
                    sql.Append(c == 0 ? name : ", " + name);
                    command.Parameters.Add(Parameter(command, name, properties[c], rows[start + r]));
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name, IProperty property, object entity)
    {
        var value = property.GetGetter().GetClrValue(entity);
        var converter = property.GetTypeMapping().Converter;
        if (converter is not null && value is not null)
        {
            value = converter.ConvertToProvider(value);
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    private static string Quote(FhirDbContext db, string identifier) =>
        Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<ISqlGenerationHelper>(db).DelimitIdentifier(identifier);
}
