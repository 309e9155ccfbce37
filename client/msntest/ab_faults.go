package msntest

import "strings"

// The address book and sharing services' faults, shaped like Escargot's
// templates: faultcode soap:Client always, the service's own code in
// detail/errorcode (which is what clients test), the operation in
// faultactor. The texts are the services' own, trailing spaces included,
// since clients may show or match them.

// abFault writes a fault; extra is the detail's content after errorcode,
// errorstring and machineName.
func abFault(op, code, message, machine, extra string) string {
	m := autoescape(message)
	return soapHead +
		"\t<soap:Body>\n" +
		"\t\t<soap:Fault>\n" +
		"\t\t\t<faultcode>soap:Client</faultcode>\n" +
		"\t\t\t<faultstring>" + m + "</faultstring>\n" +
		"\t\t\t<faultactor>http://www.msn.com/webservices/AddressBook/" + autoescape(op) + "</faultactor>\n" +
		"\t\t\t<detail>\n" +
		"\t\t\t\t<errorcode xmlns=\"" + nsABService + "\">" + code + "</errorcode>\n" +
		"\t\t\t\t<errorstring xmlns=\"" + nsABService + "\">" + m + "</errorstring>\n" +
		"\t\t\t\t<machineName xmlns=\"" + nsABService + "\">" + machine + "</machineName>\n" +
		"\t\t\t\t<additionalDetails>\n" +
		extra +
		"\t\t\t\t</additionalDetails>\n" +
		"\t\t\t</detail>\n" +
		"\t\t</soap:Fault>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}

// conflict and original are the two kinds of additionalDetails.
func conflict(id string) string {
	return "\t\t\t\t\t<conflictObjectId>" + id + "</conflictObjectId>\n"
}

func original(message string) string {
	return "\t\t\t\t\t<originalExceptionErrorMessage>" + autoescape(message) + "</originalExceptionErrorMessage>\n"
}

// fullSyncFault refuses a delta request (HTTP 200).
func fullSyncFault(op string) string {
	const m = "Full sync required.  Details: Delta syncs disabled."
	return abFault(op, "FullSyncRequired", m, "DM2CDP1012622", original(m))
}

// emailMissingFault refuses an ABContactAdd address without "@" or ".".
func emailMissingFault(char string) string {
	m := "Malformed email Argument Email missing '" + char + "' character"
	return abFault("ABContactAdd", "BadEmailArgument", m, "BAYABCHWBB136", original(m))
}

// invalidUserFault refuses an address that is no account.
func invalidUserFault(op, email string) string {
	m := "The Passport user specified is invalid SignInName: " + email
	return abFault(op, "InvalidPassportUser", m, "BAYABCHWBB137", original(m))
}

func contactMissingFault(op string) string {
	return abFault(op, "ContactDoesNotExist", "Contact Does Not Exist ", "BAYABCHWBB133", conflict("79ACA834-005D-4812-8749-DC976F38BC5D"))
}

func groupExistsFault(op string) string {
	return abFault(op, "GroupAlreadyExists", "Group Already Exists ", "BAYABCHWBB131", conflict("A4D21A8C-AD06-435F-8AB0-64D8B663FB91"))
}

// groupNameTooLongFault also names the argument in a parameterFault,
// before machineName.
func groupNameTooLongFault(op string) string {
	const m = "Argument Exceeded Allowed Length GroupName exceeded length"
	f := abFault(op, "BadArgumentLength", m, "BAYABCHWBB143", original(m))
	machine := "\t\t\t\t<machineName"
	i := strings.Index(f, machine)
	return f[:i] + "\t\t\t\t<parameterFault xmlns=\"" + nsABService + "\">GroupName</parameterFault>\n" + f[i:]
}

// memberMissingFault refuses a DeleteMember of someone in none of the
// caller's lists.
func memberMissingFault() string {
	return abFault("DeleteMember", "MemberDoesNotExist", "Member does not exist ", "BY2ABCHWB346",
		original("Member Does Not Exist in specified Role(s)"))
}

// userMissingFault refuses an AddMember of someone who is no account.
func userMissingFault() string {
	return abFault("AddMember", "UserDoesNotExist", "User does not exist ", "BY2ABCHWB346",
		original("Failed to execute stored procedure prc_ABRoleMappingAddInt."))
}

// genericFault is what Escargot answers when its handler raises (HTTP
// 500): a soap:Client fault carrying the traceback where a detail would
// be; here, a one-line reason.
func genericFault(why string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">` + "\n" +
		"\t<soap:Body>\n" +
		"\t\t<soap:Fault>\n" +
		"\t\t\t<faultcode>soap:Client</faultcode>\n" +
		"\t\t\t<faultstring>Generic SOAP fault</faultstring>\n" +
		"\t\t\t<notAValidSoapTag>" + autoescape(why) + "</notAValidSoapTag>\n" +
		"\t\t</soap:Fault>\n" +
		"\t</soap:Body>\n" +
		"</soap:Envelope>"
}
