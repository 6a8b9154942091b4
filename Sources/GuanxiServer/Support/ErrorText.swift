import GuanxiCore
import Vapor

/// The status, code and message of every failure, in one place for the API and the web pages.
enum ErrorText {
    static func status(for error: GuanxiError) -> HTTPStatus {
        switch error {
        case .invalid: .unprocessableEntity
        case .notFound: .notFound
        case .staleVersion, .conflict, .duplicate: .conflict
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .loginLocked: .tooManyRequests
        }
    }

    static func code(for error: GuanxiError) -> String {
        switch error {
        case .invalid: "validation_failed"
        case .notFound: "not_found"
        case .staleVersion: "stale_version"
        case .conflict(let reason): reason.code
        case .duplicate: "duplicate"
        case .forbidden: "forbidden"
        case .unauthenticated: "unauthorized"
        case .loginLocked: "too_many_requests"
        }
    }

    static func message(for error: GuanxiError, _ l: Localizer) -> String {
        switch error {
        case .invalid: l[.errValidation]
        case .notFound: l[.errNotFound]
        case .staleVersion(_, let current): l(.errStaleVersion, ["version": String(current)])
        case .conflict(.cannotDeleteSelf): l[.errCannotDeleteSelf]
        case .conflict(.cannotDeactivateSelf): l[.errCannotDeactivateSelf]
        case .conflict(.lastAdmin): l[.errLastAdmin]
        case .conflict(.mergeIntoSelf): l[.errMergeIntoSelf]
        case .conflict(.customerDeleted): l[.errCustomerDeleted]
        case .conflict(.quoteNotEditable): l[.errQuoteNotEditable]
        case .conflict(.quoteStatus): l[.errQuoteStatus]
        case .conflict(.orderNotEditable): l[.errOrderNotEditable]
        case .conflict(.orderStatus): l[.errOrderStatus]
        case .conflict(.orderNotPayable): l[.errOrderNotPayable]
        case .conflict(.orderNotDelivered): l[.errOrderNotDelivered]
        case .conflict(.stageInUse): l[.errStageInUse]
        case .conflict(.channelInUse): l[.errChannelInUse]
        case .duplicate: l[.errDuplicate]
        case .forbidden: l[.errForbidden]
        case .unauthenticated: l[.errUnauthenticated]
        case .loginLocked(let seconds): l(.errTooManyRequests, ["seconds": String(seconds)])
        }
    }

    static func fields(for error: GuanxiError, _ l: Localizer) -> [String: String] {
        switch error {
        case .invalid(let problems): return problems.problems.mapValues { l.message(for: $0) }
        // The probable duplicates the caller can see, so a client can offer to open or merge them.
        case .duplicate(let candidates): return ["duplicate_of": candidates.map(String.init).joined(separator: ",")]
        default: return [:]
        }
    }

    /// Status, code, message and fields for a request-level problem.
    static func describe(_ problem: RequestProblem, _ l: Localizer) -> (HTTPStatus, String, String, [String: String]) {
        switch problem {
        case .malformedJSON(let detail): (.badRequest, "invalid_json", l(.errMalformedJSON, ["detail": detail]), [:])
        case .unsupportedMediaType: (.unsupportedMediaType, "unsupported_media_type", l[.errUnsupportedMediaType], [:])
        case .badFields(let fields): (.unprocessableEntity, "validation_failed", l[.errValidation], fields)
        case .badQuery(let name, let message): (.badRequest, "invalid_query", "\(name): \(message)", [name: message])
        case .csrf: (.forbidden, "csrf_failed", l[.errCSRF], [:])
        }
    }

    /// Status, code and message for a Vapor `Abort` or other HTTP-level error.
    static func describe(status: HTTPStatus, _ l: Localizer) -> (String, String) {
        switch status {
        case .badRequest: ("bad_request", l[.errBadRequest])
        case .unauthorized: ("unauthorized", l[.errUnauthenticated])
        case .forbidden: ("forbidden", l[.errForbidden])
        case .notFound: ("not_found", l[.errNotFound])
        case .payloadTooLarge: ("payload_too_large", l[.errPayloadTooLarge])
        case .unsupportedMediaType: ("unsupported_media_type", l[.errUnsupportedMediaType])
        case .unprocessableEntity: ("validation_failed", l[.errValidation])
        case .tooManyRequests: ("too_many_requests", l(.errTooManyRequests, ["seconds": "60"]))
        case .serviceUnavailable: ("service_unavailable", l[.errServiceUnavailable])
        default: status.code >= 500 ? ("internal_error", l[.errInternal]) : ("bad_request", l[.errBadRequest])
        }
    }
}

extension ConflictReason {
    var code: String {
        switch self {
        case .cannotDeleteSelf: "cannot_delete_self"
        case .cannotDeactivateSelf: "cannot_deactivate_self"
        case .lastAdmin: "last_admin"
        case .mergeIntoSelf: "merge_into_self"
        case .customerDeleted: "customer_deleted"
        case .quoteNotEditable: "quote_not_editable"
        case .quoteStatus: "quote_status"
        case .orderNotEditable: "order_not_editable"
        case .orderStatus: "order_status"
        case .orderNotPayable: "order_not_payable"
        case .orderNotDelivered: "order_not_delivered"
        case .stageInUse: "stage_in_use"
        case .channelInUse: "channel_in_use"
        }
    }
}
