/// Every piece of text the interface shows; each has its English and Chinese in one `TextTable`.
public enum TextKey: String, CaseIterable, Sendable {
    case appName, appTagline
    case navDashboard, navUsers, navTeams, navAudit, navAccount, navAdministration
    case signOut, signIn, language, languageChinese, languageEnglish
    case save, cancel, create, edit, delete, actions, none, yes, no, nextPage, firstPage, noRecords, filter, reset
    case loginTitle, loginSubtitle, username, password, loginButton, loginFailed, loginLocked, signedOut
    case dashboardTitle, welcome, yourRole, yourTeam, statsUsers, statsActiveUsers, statsTeams, statsAuditToday
    case recentActivity, noActivity, quickLinks
    case usersTitle, newUser, displayName, email, role, team, active, inactive, status, createdAt, updatedAt
    case editUser, userCreated, userUpdated, userDeleted, confirmDeleteUser, signOutUser, confirmSignOutUser, userSignedOut, noTeam, passwordKeepHint, initialPassword
    case roleAdmin, roleManager, roleSales, roleService, roleMarketing, roleAnalyst
    case teamsTitle, newTeam, teamName, teamDescription, editTeam, teamCreated, teamUpdated, teamDeleted
    case confirmDeleteTeam, members
    case auditTitle, auditWhen, auditWho, auditAction, auditEntity, auditRecord, auditChanges, allEntities, allActions
    case actionCreate, actionUpdate, actionDelete, actionLogin, actionLogout, actionRevoke
    case accountTitle, changePassword, oldPassword, newPassword, passwordChanged, languageSaved, preferredLanguage
    case passwordRule
    case errorTitleNotFound, errorTitleForbidden
    case errorRequestID
    case errorTitle, errNotFound, errForbidden, errUnauthenticated, errStaleVersion, errCannotDeleteSelf
    case errCannotDeactivateSelf, errLastAdmin, errTooManyRequests, errRateLimited, errMalformedJSON, errUnsupportedMediaType
    case errPayloadTooLarge, errMethodNotAllowed, errValidation, errInternal, errCSRF, errBadRequest, errServiceUnavailable, errDatabaseBusy
    case fpRequired, fpInvalidEmail, fpTooShort, fpTooLong, fpInvalidUsername, fpNotOneOf, fpAlreadyTaken
    case fpUnknownReference, fpWrongPassword, fpMustBeInteger, fpWrongType, fpUnknownField, fpInvalidCursor
    case backToDashboard, followBrowser
    case entityUser, entityTeam, entityAPIToken, entitySession
    // Customer core
    case navCustomers, navTasks, navProducts, navSegments, navImport, navRules, navWork, customersTitle, newCustomer
    case editCustomer, customerName, customerKind, kindCompany, kindPerson, industry, region, address, phone, website, source
    case owner, stage, stageLead, stageProspect, stageCustomer, stageInactive, stageLost, tags, tagsHint, customFields
    case customFieldsHint, annualSpend, marketingConsent, lastInteraction, searchPlaceholder, search, allStages, allOwners
    case allKinds, trash, restore, customerCreated, customerUpdated, customerDeleted, customerRestored, confirmDeleteCustomer
    case duplicateWarning, createAnyway, open, mergeHere, mergeTitle, mergeHint, duplicateID, merged, export, exportCSV
    case exportGB, exportJSON, saveAsSegment, segmentName, noCustomers, sortNewest, sortOldest, sortName, sortNameDesc, sortPinyin, sortPinyinDesc, sortBy
    case createdFrom, createdTo, lastInteractionFrom, lastInteractionTo, readOnlyCustomer, profile, ordersPlaceholder
    case analyticsPlaceholder, ordersTitle, valueTitle, deletedBanner, filters, applyFilters, customerCount, contacts
    case newContact, contactName, jobTitle, mobile, wechat, birthday, primaryContact, contactAdded, contactDeleted, noContacts
    case editContact, contactUpdated, timeline, logInteraction, channel, direction, inbound, outbound, occurredAt
    case durationMinutes, subject, notes, outcome, queueWait, abandoned, allChannels, interactionLogged, noInteractions, by
    case contactPerson, chPhone, chEmail, chFax, chLetter, chVisit, chMeeting, chSMS, chWeChat, chWebsite, chCallCenter
    case chServiceCenter, chOnlineCommunity, tasksTitle, myTasks, overdueTasks, reminders, newTask, setReminder, taskTitle
    case dueAt, remindAt, assignee, priority, prLow, prNormal, prHigh, prUrgent, taskOpen, taskDone, taskCancelled, markDone
    case taskCreated, taskCompleted, noTasks, openTasks, remindersDue, overdueBadge, customer, noCustomer, rulesTitle, newRule
    case ruleName, trigger, trNoInteraction, trAfterInteraction, days, ruleTaskTitle, ruleCreated, ruleDeleted, ruleHint, anyTag
    case anyStage, anyChannel, onlyTag, noRules, productsTitle, newProduct, editProduct, sku, productName, category, unit
    case listPrice, unitCost, brand, manufacturer, agentProduct, launchDate, productCreated, productUpdated, productDeleted
    case noProducts, segmentsTitle, segmentCreated, segmentDeleted, segmentFilter, noSegments, description, showCustomers
    case importTitle, importKind, importFile, importEncoding, encodingAuto, dryRun, allowDuplicates, startImport, importRunning
    case importSucceeded, importFailed, importDryRunOK, importLine, importColumn, importReason, rowsTotal, rowsValid
    case rowsWritten, importHint, recentImports, importStatusRunning, importStatusSucceeded, importStatusFailed, kindCustomers
    case kindContacts, kindProducts, kindInteractions, impUnknownOwner, impUnknownCustomer, impUnknownContact
    case impDuplicateInFile, impDuplicateExisting, impWrongEncoding, impMalformedCSV, impMissingColumn, impUnknownColumn
    case impWrongColumnCount, impEmptyFile, impInvalidBoolean, impNotANumber, impOther, impDuplicateSKU, errMergeIntoSelf
    case errCustomerDeleted, errDuplicate, fpInvalidDate, fpInvalidAmount, fpInvalidPhone, fpOnlyInboundCallCenter, fpNotAllowed
    case fpRemindAfterDue, fpOutOfRange, entityCustomer, entityContact, entityInteraction, entityTask, entityProduct
    case importMapping, importMappingHint
    case fpTooMany, fpControlCharacter, impSameField, impUnknownField, impDuplicateSKUInFile, impDisabledUser
    case entitySegment, entityRule, actionRestore, actionMerge, actionImport, statsCustomers, statsMyOpenTasks, statsOverdue
    case editInteraction, interactionUpdated, interactionDeleted, confirmDeleteInteraction
    case fpTooFarAhead, fpExpectedNameValue, fpNotBoolean, fpMalformedEncoding, fpGivenMoreThanOnce, fpYearOutOfRange, fpNullNotAllowed
    case confirmMerge, errMergeUnknownDuplicate
    case activityRows, confirmDeleteContact, confirmDeleteSegment, confirmDeleteRule
    case deletedOn, mergedIntoBanner, mergedInto, deletedAtColumn
    case actionErase, privacyTitle, privacyHint, privacyExport, privacyErase, privacyEraseConfirm, privacyErased
    case editTask, taskUpdated, taskDeleted, confirmDeleteTask
    // Sales
    case fpMustBePositive, fpTooManyDecimals, fpTooLarge, fpPercentOutOfRange, fpDiscountAboveAmount, fpNotTogetherWith, fpBeforeDate
    case fpInactiveProduct, fpAboveReturnable, fpAboveOutstanding, errQuoteNotEditable, errQuoteStatus, errOrderNotEditable
    case errOrderStatus, errOrderNotPayable, errOrderNotDelivered, errStageInUse, errChannelInUse, impOrderNumberApart, impDuplicateOrderNumber
    case impUnknownProduct, kindOrders
    // Sales pages
    case hoursCount, daysCount, qsDraft, qsSent, qsAccepted, qsRejected, qsExpired, qsSuperseded, osDraft, osConfirmed
    case osShipped, osDelivered, osCompleted, osCancelled, scDirect, scOnlineStore, scAgent, scPhone, scWeChat, scTradeShow
    case scOther, pmBankTransfer, pmCash, pmWeChatPay, pmAlipay, pmCard, pmCredit, dmPickUp, dmCourier, dmLogistics, dmOwnFleet
    case freeTextLine, product, lineDescription, quantity, unitPrice, fromProduct, discountPercent, discountAmount, taxRatePercent
    case lines, linesHint, addRows, belowCost, belowMinimumMargin, returnedQuantity, cost, margin, discount, netAmount, tax
    case grossAmount, grossTotal, grossMargin, marginPercent, noWritableCustomers, continueButton, chooseCustomer, amount, revisionN
    case navOpportunities, opportunitiesTitle, newOpportunity, editOpportunity, opportunityTitle, amountYuan, expectedClose
    case pipelineStage, allPipelineStages, openOnly, stale, noOpportunities, customerOwnerDefault, nextStep, competitors
    case lostReason, lostReasonHint, weightedAmount, created, stageHistory, when, who, stageMove, timeInStage
    case confirmDeleteOpportunity, opportunityCreated, opportunityUpdated, opportunityDeleted
    case navPipeline, pipelineTitle, forecastTitle, allTeams, closeFrom, closeTo, columnCount, columnTotal, columnWeighted
    case moveTo, moveButton, lostReasonPlaceholder, opportunityMoved, noCards, forecastLink, boardLink, periodFrom, periodTo
    case month, count, winRate, averageCycle, wonInPeriod, lostInPeriod, forecastChartTitle, noOpenStages, moveFailed
    case wonAmount
    case navSalesReport, salesReportTitle, reportPeriod, reportGroupBy, rpDay, rpWeek, rpMonth, rpQuarter, rpYear, rdTotal, rdProduct
    case rdCategory, rdChannel, rdRegion, rdIndustry, rdOwner, rdTeam, rdCustomer, averageOrderValue, vsPreviousPeriod, vsLastYear
    case changeOnLastYear, salesTarget, attainment, noSalesInPeriod, othersFolded, salesChartTitle, reportScope, deliveryTitle
    case deliveredOrders, averageLeadDays, onTimeShare, lateUndelivered, salesTargetsTitle, setTarget, targetFor, noTargets
    case targetHint, targetSaved, targetDeleted, confirmDeleteTarget
    case navQuotes, quotesTitle, newQuote, editQuote, quoteNumber, quoteDate, validUntil, noQuotes, opportunity, quoteCreated
    case quoteUpdated, quoteSent, quoteAccepted, quoteRejected, quoteRevised, quoteDeleted, sendQuote, acceptQuote, rejectQuote
    case reviseQuote, printQuote, confirmDeleteQuote, confirmAcceptQuote, revisions, viewOrder, allQuoteStatuses, printHeading
    case validUntilHint, totals, pricesIncludeTax, pricesExcludeTax, quoteDateHint, printNow, companyTaxID, latestRevision
    case navOrders, newOrder, editOrder, orderNumber, orderDate, outstanding, overdue, salesChannel, paymentMethod, paymentTerms
    case deliveryMethod, promisedDelivery, dueDate, paid, orderCreated, orderUpdated, orderDeleted, orderStatusChanged
    case changeStatus, setStatus, recordPayment, paymentRecorded, payments, noPayments, paidOn, reference, recordReturn
    case returnRecorded, returns, noReturns, returnReason, refundAmount, returnQuantity, revenue, grossProfit, afterReturns
    case fromQuote, confirmDeleteOrder, allOrderStatuses, noOrders, returnNotYet, refunded, shippedAt, deliveredAt, finalStatus
    case navCompanySettings, companySettingsTitle, companyName, companyTaxIDLabel, quotePrefix, orderPrefix, quoteValidityDays
    case staleOpportunityDays, minimumMarginPercent, settingsSaved, companyAddress, companyPhone, pricesIncludeTaxOption
    case navSalesChannels, salesChannelsTitle, newSalesChannel, editSalesChannel, channelCode, channelCodeHint, builtInChannel
    case channelOffered, salesChannelCreated, salesChannelUpdated, salesChannelDeleted, confirmDeleteSalesChannel, channelInUseHint
    case navStages, stagesTitle, newStage, editStage, stageNameEnglish, stageNameChinese, position, probability, wonStage
    case lostStage, stageCreated, stageUpdated, stageDeleted, confirmDeleteStage, noStages, stageInUseHint
    case salesTitle, lifetimeRevenue, orderCount, firstOrder, lastOrder, openReceivables, openOpportunities, recentQuotes
    case recentOrders, noSalesYet
    // Bids
    case navBids, bidsTitle, newBid, editBid, tenderNumber, bidTitle, submissionDeadline, openingDate, bidAmountYuan, bidAmount
    case bondAmountYuan, bondAmount, bondPaid, bondPaidOn, bondReturned, bondReturnedOn, bsPreparing, bsSubmitted, bsWon, bsLost
    case bsCancelled, allBidStatuses, winningBidder, winningAmountYuan, winningAmount, resultReason, bidResult, resultHint
    case competitorsHint, competitorAmount, noCompetitors, noBids, bidAttachments, uploadFile, uploadButton, noAttachments
    case fileName, fileSize, uploadedBy, uploadedAt, confirmDeleteBid, confirmDeleteAttachment, bidCreated, bidUpdated, bidDeleted
    case attachmentUploaded, attachmentDeleted, attachmentLimitHint, bidReminder, bidsOfCustomer, bidDetails, download
    case bidWinRateLine, bondDayHint, competitorName
}
