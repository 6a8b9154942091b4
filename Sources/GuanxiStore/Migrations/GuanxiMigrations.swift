import Fluent

/// Every migration, in order. Append only: a landed migration is never edited.
public enum GuanxiMigrations {
    public static var all: [any Migration] {
        [
            CreateAccounts(),
            CreateJobLeases(),
            CreateCustomerCore(),
            CreateSearchVocabulary(),
            CreateSearchIndexPause(),
            CreatePinyinSortKey(),
            DropSearchIndexSizes(),
            DropSearchIndexPositions(),
            CreateDeferredIndexes(),
            CreateSales(),
            CreateBids(),
            CreateSalesChannels(),
            IndexCustomerTasksByDue(),
        ]
    }
}
