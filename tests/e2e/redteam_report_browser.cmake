# ctest redteam_report_browser: renders a report, then opens it in headless Chromium
# (redteam_report.test.mjs). Without REPORT, redteam_html_test writes its sample report to
# SAMPLE_OUT first; with REPORT (e.g. the report.html of a real `frontseat redteam` run) that
# file is checked instead.
# With FRONTSEAT and RUN_OUT, `frontseat redteam --target guard` runs first (the built-in
# suite, every strategy) and its report.html is checked.
#   cmake -DNODE=... -DTEST_JS=... [-DHTML_TEST=... -DSAMPLE_OUT=... | -DREPORT=...
#         | -DFRONTSEAT=... -DRUN_OUT=...] -P this file
if(FRONTSEAT AND RUN_OUT)
  file(REMOVE_RECURSE ${RUN_OUT})
  execute_process(
    COMMAND ${FRONTSEAT} redteam --target guard --concurrency 2 --no-progress --out ${RUN_OUT}
    RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${RUN_OUT}/report.html)
    message(FATAL_ERROR "frontseat redteam --target guard failed (exit ${rc})")
  endif()
  set(REPORT ${RUN_OUT}/report.html)
endif()
if(NOT REPORT)
  file(REMOVE ${SAMPLE_OUT})
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env FRONTSEAT_REPORT_SAMPLE_OUT=${SAMPLE_OUT}
            ${HTML_TEST} --gtest_filter=RedteamHtml.WritesSampleReportWhenAsked
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${SAMPLE_OUT})
    message(FATAL_ERROR "redteam_html_test did not write ${SAMPLE_OUT} (exit ${rc})")
  endif()
  set(REPORT ${SAMPLE_OUT})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env FRONTSEAT_REDTEAM_REPORT=${REPORT}
          ${NODE} --test ${TEST_JS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "headless Chromium check of ${REPORT} failed (exit ${rc})")
endif()
