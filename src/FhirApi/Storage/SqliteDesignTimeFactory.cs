using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FhirChain.FhirApi.Storage;

/// <summary>Used only by <c>dotnet ef migrations add</c>; the connection string is never opened.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFhirDbContext>
{
    public SqliteFhirDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteFhirDbContext>();
        options.UseSqlite("Data Source=design.db");
        return new SqliteFhirDbContext(options.Options);
    }
}
